#!/usr/bin/env bash
# Installs the Debian packages bootgen's loaders and test oracles come from. Run as root (or via sudo).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
PACKAGES=(
  # loaders: GRUB (BIOS + UEFI + signed), shim, iPXE
  grub-common grub-pc-bin grub-efi-amd64-bin grub-efi-amd64-signed shim-signed ipxe ipxe-qemu
  # FAT / partition / ISO oracles
  dosfstools mtools gdisk fdisk xorriso genisoimage
  # image-chain oracles
  qemu-utils libvhdi-utils libvmdk-utils libqcow-utils
  # BCD (regf) oracle
  libhivex-bin
  # network boot: DHCP/TFTP, iSCSI, AoE
  dnsmasq isc-dhcp-server tgt vblade iproute2
  # real boots: QEMU, firmware, a kernel and busybox for a tiny initramfs
  qemu-system-x86 ovmf linux-image-amd64 busybox-static cpio
  # the native hole finder (native/data-ranges.c, built by npm ci through node-gyp)
  g++ make python3
  # NTFS and exFAT data partitions: their checkers, dumpers and FUSE drivers
  ntfs-3g exfatprogs exfat-fuse fuse3
  # the server VM: device-mapper tools and kernel module handling
  dmsetup kmod
  # bootgen serve: HTTP oracle, status page in a browser, systemd unit check
  curl chromium systemd
)
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${PACKAGES[@]}"
