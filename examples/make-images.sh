#!/usr/bin/env bash
# Builds the image files of both examples, reproducibly: VHDs with `bootgen image create` (ids
# derived from SOURCE_DATE_EPOCH and the file name, W2ku locators relative to the site root as on
# the USB stick), tiny ISOs with xorriso and a FAT12 floppy with mkfs.fat + mtools (Debian tools).
# Run from anywhere after `npm run build`; the results are committed (dynamic VHDs are headers + BAT).
set -euo pipefail
cd "$(dirname "$0")/.."
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01T00:00:00Z, the examples' epoch
export TZ=UTC LC_ALL=C
bootgen() { node bin/bootgen.js "$@"; }
create() { bootgen image create --force "$@" >/dev/null; }
stamp() { touch -h -d "@$SOURCE_DATE_EPOCH" "$@"; }

lan=examples/lanparty
lab=examples/vhd-lab
mkdir -p "$lan/images" "$lab/images" "$lab/isos" "$lab/floppy"

create "$lan/images/master.vhd" --size 8GiB

create "$lab/images/xp-base.vhd" --size 8GiB
create "$lab/images/xp-s1.vhd" --parent "$lab/images/xp-base.vhd" --locator-root "$lab"
create "$lab/images/xp-s1-s1.vhd" --parent "$lab/images/xp-s1.vhd" --locator-root "$lab"
create "$lab/images/xp-new.vhd" --size 4GiB
create "$lab/images/win10.vhd" --size 16GiB
create "$lab/images/win10-session.vhd" --parent "$lab/images/win10.vhd" --locator-root "$lab"

# ISO payloads: fixed contents and times, so xorriso writes the same bytes every run.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/xp" "$work/ubuntu/casper"
printf 'bootgen example: stands in for the Windows XP setup CD\n' >"$work/xp/README.TXT"
printf 'bootgen example: stands in for an Ubuntu kernel\n' >"$work/ubuntu/casper/vmlinuz"
printf 'bootgen example: stands in for an Ubuntu initrd\n' >"$work/ubuntu/casper/initrd"
find "$work" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
iso() { # iso OUT VOLID DIR
  rm -f "$1"
  xorriso -report_about WARNING -as mkisofs -quiet -o "$1" -V "$2" -J -R \
    --modification-date="$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y%m%d%H%M%S00)" "$3"
}
iso "$lab/isos/xp-setup.iso" XPSETUP "$work/xp"
iso "$lab/isos/ubuntu.iso" UBUNTU "$work/ubuntu"

# 1.44 MB FAT12 floppy with one driver stand-in; --invariant fixes serial and times.
rm -f "$lab/floppy/drivers.img"
mkfs.fat -C --invariant -F 12 -n DRIVERS "$lab/floppy/drivers.img" 1440 >/dev/null
printf 'bootgen example: stands in for a storage driver (txtsetup.oem)\n' >"$work/TXTSETUP.OEM"
touch -d "@$SOURCE_DATE_EPOCH" "$work/TXTSETUP.OEM"
MTOOLS_SKIP_CHECK=1 mcopy -m -i "$lab/floppy/drivers.img" "$work/TXTSETUP.OEM" ::/TXTSETUP.OEM

stamp "$lab"/isos/*.iso "$lab/floppy/drivers.img" "$lab"/images/*.vhd "$lan"/images/*.vhd
