import { describe, expect, it } from 'vitest';
import { mediaPayload, menuArtifact } from '../../src/media/payload.js';
import { makeSite } from './site-fixture.js';

describe('mediaPayload', () => {
  it('keeps site-relative paths on the medium and places user loaders where the targets expect them', () => {
    const base = makeSite({ usb: {} });
    const origin = base.origin;
    const site = {
      ...base,
      images: [{ id: 'a', path: 'images/a.vhd', parent: undefined, origin }],
      entries: [{ id: 'l', title: 'L', raw: { grub: undefined, vboot: undefined, ipxe: undefined }, origin, boot: { kind: 'linux' as const, from: undefined, kernel: 'boot/vmlinuz', initrd: ['boot/initrd.img'], args: '' } }],
      loaders: { vboot: { loader: 'vendor/vboot', core: 'vendor/vbootcore.mod' }, windows: { bootmgr: 'win/bootmgr', bootmgfw: undefined, bootSdi: undefined }, files: {} },
    };
    expect(mediaPayload(site).map((p) => `${p.sitePath} → ${p.mediumPath}`)).toEqual([
      'boot/initrd.img → /boot/initrd.img',
      'boot/vmlinuz → /boot/vmlinuz',
      'win/bootmgr → /bootmgr',
      'images/a.vhd → /images/a.vhd',
      'vendor/vboot → /vboot/vboot',
      'vendor/vbootcore.mod → /vboot/vbootcore.mod',
    ]);
  });
  it('boots the vboot menu from a vboot-dialect stick and upstream GRUB from the ISO', () => {
    const base = makeSite({ usb: {}, iso: {} });
    const usb = base.media.usb;
    if (!usb) throw new Error('fixture');
    const site = { ...base, media: { ...base.media, usb: { ...usb, dialect: 'vboot' as const } } };
    const configs = [
      { kind: 'grub' as const, path: 'grub/grub.cfg', content: 'g' },
      { kind: 'vboot' as const, path: 'vboot/grub.cfg', content: 'v' },
    ];
    expect(menuArtifact(site, configs, 'usb')?.content).toBe('v');
    expect(menuArtifact(site, configs, 'iso')?.content).toBe('g');
  });
});
