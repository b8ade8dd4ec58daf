import { describe, expect, it } from 'vitest';
import { mediaPayload, menuArtifact } from '../../src/media/payload.js';
import { makeSite } from './site-fixture.js';

describe('mediaPayload', () => {
  it('keeps site-relative paths on the medium and places the VBoot loader where its menu expects it', () => {
    const base = makeSite({ usb: {} });
    const usb = base.media.usb;
    if (!usb) throw new Error('fixture');
    const origin = base.origin;
    const site = {
      ...base,
      images: [{ id: 'a', path: 'images/a.vhd', parent: undefined, origin }],
      entries: [{ id: 'l', title: 'L', raw: { grub: undefined, vboot: undefined, ipxe: undefined }, origin, boot: { kind: 'linux' as const, from: undefined, kernel: 'boot/vmlinuz', initrd: ['boot/initrd.img'], args: '' } }],
      media: { ...base.media, usb: { ...usb, dialect: 'vboot' as const } },
      loaders: { vboot: { loader: 'vendor/vboot', core: 'vendor/vbootcore.mod' }, windows: { bootmgr: 'win/bootmgr', bootmgfw: undefined, bootSdi: undefined }, files: {} },
    };
    expect(mediaPayload(site, 'usb').map((p) => `${p.sitePath} → ${p.mediumPath}`)).toEqual([
      'boot/initrd.img → /boot/initrd.img',
      'boot/vmlinuz → /boot/vmlinuz',
      'images/a.vhd → /images/a.vhd',
      'vendor/vboot → /vboot/vboot',
      'vendor/vbootcore.mod → /vboot/vbootcore.mod',
    ]);
    // the ISO boots upstream GRUB: no VBoot loader on it (Windows boot files: media/windows-files.ts)
    expect(mediaPayload(site, 'iso').map((p) => p.mediumPath)).toEqual(['/boot/initrd.img', '/boot/vmlinuz', '/images/a.vhd']);
    expect(mediaPayload(site, 'usb').find((p) => p.sitePath === 'images/a.vhd')?.origin).toBe(origin);
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
