// The site `bootgen init` writes: small, valid, builds as is, and shows each section once.
export const STARTER_SITE = `# yaml-language-server: $schema=./site.schema.json
# A starter bootgen site. Build it with:  bootgen build site.yaml -o out
# Reference: docs/manifest.md in the bootgen repository.
bootgen: 1
site: mysite
epoch: 2026-01-01T00:00:00Z          # all timestamps in the output (reproducible builds)

menu: {title: My boot menu, timeout: 5, default: live, serial: {unit: 0, speed: 115200}}

# images:                            # paths relative to this file
#   base:  {path: images/base.vhd}
#   child: {path: images/child.vhd, parent: base}

entries:
  - id: live
    title: Linux (kernel from the boot medium)
    # site files are relative to this file and stay inside its directory (put boot/vmlinuz here)
    linux: {kernel: boot/vmlinuz, initrd: [boot/initrd.img], args: "console=ttyS0 quiet"}
  - id: shell
    title: Boot loader shell
    grub: 'echo "bootgen starter: type exit to return to the menu"'
    ipxe: shell

machines:
  - {name: pc1, mac: "52:54:00:00:00:01", entries: [live, shell], default: live}

network:
  server: 192.168.1.10
  http: http://192.168.1.10/boot
  dhcp: {mode: proxy, subnet: 192.168.1.0/24}

# media:
#   usb: {size: 256MiB, table: gpt, firmware: [bios, uefi], label: MYSITE}
#   iso: {label: MYSITE}
#   pxe: {}
`;
