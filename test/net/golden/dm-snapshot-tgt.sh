#!/bin/sh
# init
set -eu
# overlays live here (network.overlays.dir)
mkdir -p /srv/bootgen/overlays
# master generations live here
mkdir -p /srv/bootgen/overlays/masters
# dm-snapshot needs a raw origin; /srv/bootgen/images/master.vhd is vpc
qemu-img convert -f vpc -O raw /srv/bootgen/images/master.vhd /srv/bootgen/overlays/masters/master.g0.raw
# master generation 0 is never writable while overlays exist
chmod a-w /srv/bootgen/overlays/masters/master.g0.raw
# identity of the raw copy for the parent records
id_master_g0=$(stat -c %s:%Y /srv/bootgen/overlays/masters/master.g0.raw)
# read-only loop device over master generation 0
loop_master_g0=$(losetup --find --show --read-only /srv/bootgen/overlays/masters/master.g0.raw)
# sparse COW store for cutman-play (never overflows: holds every origin chunk)
truncate -s 8594161664 /srv/bootgen/overlays/cutman-play.cow
# record cutman-play's origin
cat > /srv/bootgen/overlays/cutman-play.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 0,
  "path": "/srv/bootgen/overlays/masters/master.g0.raw",
  "format": "raw",
  "virtualSize": 8589934592,
  "identity": "${id_master_g0}"
}
BOOTGEN_EOF
# loop device over cutman-play's COW file
cow_cutman_play=$(losetup --find --show /srv/bootgen/overlays/cutman-play.cow)
# persistent snapshot for cutman-play, chunk 64 sectors
dmsetup create bootgen-lanparty-cutman-play --table "0 16777216 snapshot ${loop_master_g0} ${cow_cutman_play} P 64"
# iSCSI target for cutman-play
tgtadm --lld iscsi --op new --mode target --tid 1 -T iqn.2026-01.bootgen.lanparty:cutman-play
# LUN 1: the overlay of cutman-play
tgtadm --lld iscsi --op new --mode logicalunit --tid 1 --lun 1 -b /dev/mapper/bootgen-lanparty-cutman-play
# only cutman (iqn.2026-01.bootgen.lanparty.initiator:cutman) may log in to iqn.2026-01.bootgen.lanparty:cutman-play
tgtadm --lld iscsi --op bind --mode target --tid 1 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:cutman
# sparse COW store for cutman-persist (never overflows: holds every origin chunk)
truncate -s 8594161664 /srv/bootgen/overlays/cutman-persist.cow
# record cutman-persist's origin
cat > /srv/bootgen/overlays/cutman-persist.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 0,
  "path": "/srv/bootgen/overlays/masters/master.g0.raw",
  "format": "raw",
  "virtualSize": 8589934592,
  "identity": "${id_master_g0}"
}
BOOTGEN_EOF
# loop device over cutman-persist's COW file
cow_cutman_persist=$(losetup --find --show /srv/bootgen/overlays/cutman-persist.cow)
# persistent snapshot for cutman-persist, chunk 64 sectors
dmsetup create bootgen-lanparty-cutman-persist --table "0 16777216 snapshot ${loop_master_g0} ${cow_cutman_persist} P 64"
# iSCSI target for cutman-persist
tgtadm --lld iscsi --op new --mode target --tid 2 -T iqn.2026-01.bootgen.lanparty:cutman-persist
# LUN 1: the overlay of cutman-persist
tgtadm --lld iscsi --op new --mode logicalunit --tid 2 --lun 1 -b /dev/mapper/bootgen-lanparty-cutman-persist
# only cutman (iqn.2026-01.bootgen.lanparty.initiator:cutman) may log in to iqn.2026-01.bootgen.lanparty:cutman-persist
tgtadm --lld iscsi --op bind --mode target --tid 2 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:cutman
# sparse COW store for gutsman-play (never overflows: holds every origin chunk)
truncate -s 8594161664 /srv/bootgen/overlays/gutsman-play.cow
# record gutsman-play's origin
cat > /srv/bootgen/overlays/gutsman-play.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 0,
  "path": "/srv/bootgen/overlays/masters/master.g0.raw",
  "format": "raw",
  "virtualSize": 8589934592,
  "identity": "${id_master_g0}"
}
BOOTGEN_EOF
# loop device over gutsman-play's COW file
cow_gutsman_play=$(losetup --find --show /srv/bootgen/overlays/gutsman-play.cow)
# persistent snapshot for gutsman-play, chunk 64 sectors
dmsetup create bootgen-lanparty-gutsman-play --table "0 16777216 snapshot ${loop_master_g0} ${cow_gutsman_play} P 64"
# iSCSI target for gutsman-play
tgtadm --lld iscsi --op new --mode target --tid 3 -T iqn.2026-01.bootgen.lanparty:gutsman-play
# LUN 1: the overlay of gutsman-play
tgtadm --lld iscsi --op new --mode logicalunit --tid 3 --lun 1 -b /dev/mapper/bootgen-lanparty-gutsman-play
# only gutsman (iqn.2026-01.bootgen.lanparty.initiator:gutsman) may log in to iqn.2026-01.bootgen.lanparty:gutsman-play
tgtadm --lld iscsi --op bind --mode target --tid 3 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:gutsman
# sparse COW store for gutsman-persist (never overflows: holds every origin chunk)
truncate -s 8594161664 /srv/bootgen/overlays/gutsman-persist.cow
# record gutsman-persist's origin
cat > /srv/bootgen/overlays/gutsman-persist.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 0,
  "path": "/srv/bootgen/overlays/masters/master.g0.raw",
  "format": "raw",
  "virtualSize": 8589934592,
  "identity": "${id_master_g0}"
}
BOOTGEN_EOF
# loop device over gutsman-persist's COW file
cow_gutsman_persist=$(losetup --find --show /srv/bootgen/overlays/gutsman-persist.cow)
# persistent snapshot for gutsman-persist, chunk 64 sectors
dmsetup create bootgen-lanparty-gutsman-persist --table "0 16777216 snapshot ${loop_master_g0} ${cow_gutsman_persist} P 64"
# iSCSI target for gutsman-persist
tgtadm --lld iscsi --op new --mode target --tid 4 -T iqn.2026-01.bootgen.lanparty:gutsman-persist
# LUN 1: the overlay of gutsman-persist
tgtadm --lld iscsi --op new --mode logicalunit --tid 4 --lun 1 -b /dev/mapper/bootgen-lanparty-gutsman-persist
# only gutsman (iqn.2026-01.bootgen.lanparty.initiator:gutsman) may log in to iqn.2026-01.bootgen.lanparty:gutsman-persist
tgtadm --lld iscsi --op bind --mode target --tid 4 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:gutsman

#!/bin/sh
# reset cutman --immutable
set -eu
# remove iSCSI target iqn.2026-01.bootgen.lanparty:cutman-play
tgtadm --lld iscsi --op delete --force --mode target --tid 1
# remove cutman-play's snapshot device
dmsetup remove --retry bootgen-lanparty-cutman-play
# release cutman-play's COW loop device
losetup --detach /dev/loop1
# remove cutman-play's COW store
rm -f /srv/bootgen/overlays/cutman-play.cow /srv/bootgen/overlays/cutman-play.parent.json
# sparse COW store for cutman-play (never overflows: holds every origin chunk)
truncate -s 8594161664 /srv/bootgen/overlays/cutman-play.cow
# record cutman-play's origin
cat > /srv/bootgen/overlays/cutman-play.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 0,
  "path": "/srv/bootgen/overlays/masters/master.g0.raw",
  "format": "raw",
  "virtualSize": 8589934592,
  "identity": "${id_master_g0}"
}
BOOTGEN_EOF
# loop device over cutman-play's COW file
cow_cutman_play=$(losetup --find --show /srv/bootgen/overlays/cutman-play.cow)
# persistent snapshot for cutman-play, chunk 64 sectors
dmsetup create bootgen-lanparty-cutman-play --table "0 16777216 snapshot /dev/loop0 ${cow_cutman_play} P 64"
# iSCSI target for cutman-play
tgtadm --lld iscsi --op new --mode target --tid 1 -T iqn.2026-01.bootgen.lanparty:cutman-play
# LUN 1: the overlay of cutman-play
tgtadm --lld iscsi --op new --mode logicalunit --tid 1 --lun 1 -b /dev/mapper/bootgen-lanparty-cutman-play
# only cutman (iqn.2026-01.bootgen.lanparty.initiator:cutman) may log in to iqn.2026-01.bootgen.lanparty:cutman-play
tgtadm --lld iscsi --op bind --mode target --tid 1 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:cutman

#!/bin/sh
# merge cutman-persist
set -eu
# note: other overlays of master stay on generation 0 until they are reset
# master generations live here
mkdir -p /srv/bootgen/overlays/masters
# remove iSCSI target iqn.2026-01.bootgen.lanparty:cutman-persist
tgtadm --lld iscsi --op delete --force --mode target --tid 2
# cutman-persist + generation 0 → generation 1
qemu-img convert -f raw -O raw /dev/mapper/bootgen-lanparty-cutman-persist /srv/bootgen/overlays/masters/master.g1.raw
# remove cutman-persist's snapshot device
dmsetup remove --retry bootgen-lanparty-cutman-persist
# release cutman-persist's COW loop device
losetup --detach /dev/loop2
# remove cutman-persist's COW store
rm -f /srv/bootgen/overlays/cutman-persist.cow /srv/bootgen/overlays/cutman-persist.parent.json
# a master generation is read-only from birth
chmod a-w /srv/bootgen/overlays/masters/master.g1.raw
# identity of generation 1 for the parent records
id_master_g1=$(stat -c %s:%Y /srv/bootgen/overlays/masters/master.g1.raw)
# read-only loop device over master generation 1
loop_master_g1=$(losetup --find --show --read-only /srv/bootgen/overlays/masters/master.g1.raw)
# sparse COW store for cutman-persist (never overflows: holds every origin chunk)
truncate -s 8594161664 /srv/bootgen/overlays/cutman-persist.cow
# record cutman-persist's origin
cat > /srv/bootgen/overlays/cutman-persist.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 1,
  "path": "/srv/bootgen/overlays/masters/master.g1.raw",
  "format": "raw",
  "virtualSize": 8589934592,
  "identity": "${id_master_g1}"
}
BOOTGEN_EOF
# loop device over cutman-persist's COW file
cow_cutman_persist=$(losetup --find --show /srv/bootgen/overlays/cutman-persist.cow)
# persistent snapshot for cutman-persist, chunk 64 sectors
dmsetup create bootgen-lanparty-cutman-persist --table "0 16777216 snapshot ${loop_master_g1} ${cow_cutman_persist} P 64"
# iSCSI target for cutman-persist
tgtadm --lld iscsi --op new --mode target --tid 2 -T iqn.2026-01.bootgen.lanparty:cutman-persist
# LUN 1: the overlay of cutman-persist
tgtadm --lld iscsi --op new --mode logicalunit --tid 2 --lun 1 -b /dev/mapper/bootgen-lanparty-cutman-persist
# only cutman (iqn.2026-01.bootgen.lanparty.initiator:cutman) may log in to iqn.2026-01.bootgen.lanparty:cutman-persist
tgtadm --lld iscsi --op bind --mode target --tid 2 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:cutman

#!/bin/sh
# destroy
set -eu
# note: master files are left in place and read-only; `chmod u+w` one to change it
# remove iSCSI target iqn.2026-01.bootgen.lanparty:cutman-play
tgtadm --lld iscsi --op delete --force --mode target --tid 1
# remove cutman-play's snapshot device
dmsetup remove --retry bootgen-lanparty-cutman-play
# release cutman-play's COW loop device
losetup --detach /dev/loop1
# remove cutman-play's COW store
rm -f /srv/bootgen/overlays/cutman-play.cow /srv/bootgen/overlays/cutman-play.parent.json
# remove iSCSI target iqn.2026-01.bootgen.lanparty:cutman-persist
tgtadm --lld iscsi --op delete --force --mode target --tid 2
# remove cutman-persist's snapshot device
dmsetup remove --retry bootgen-lanparty-cutman-persist
# release cutman-persist's COW loop device
losetup --detach /dev/loop2
# remove cutman-persist's COW store
rm -f /srv/bootgen/overlays/cutman-persist.cow /srv/bootgen/overlays/cutman-persist.parent.json
# remove iSCSI target iqn.2026-01.bootgen.lanparty:gutsman-play
tgtadm --lld iscsi --op delete --force --mode target --tid 3
# remove gutsman-play's snapshot device
dmsetup remove --retry bootgen-lanparty-gutsman-play
# release gutsman-play's COW loop device
losetup --detach /dev/loop3
# remove gutsman-play's COW store
rm -f /srv/bootgen/overlays/gutsman-play.cow /srv/bootgen/overlays/gutsman-play.parent.json
# remove iSCSI target iqn.2026-01.bootgen.lanparty:gutsman-persist
tgtadm --lld iscsi --op delete --force --mode target --tid 4
# remove gutsman-persist's snapshot device
dmsetup remove --retry bootgen-lanparty-gutsman-persist
# release gutsman-persist's COW loop device
losetup --detach /dev/loop4
# remove gutsman-persist's COW store
rm -f /srv/bootgen/overlays/gutsman-persist.cow /srv/bootgen/overlays/gutsman-persist.parent.json
# release the loop device over master generation 0
losetup --detach /dev/loop0
