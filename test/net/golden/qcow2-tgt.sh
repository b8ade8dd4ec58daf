#!/bin/sh
# init
set -eu
# overlays live here (network.overlays.dir)
mkdir -p /srv/bootgen/overlays
# master generation 0 is never writable while overlays exist
chmod a-w /srv/bootgen/images/master.vhd
# overlay of cutman-play on master generation 0
qemu-img create -q -f qcow2 -b /srv/bootgen/images/master.vhd -F vpc /srv/bootgen/overlays/cutman-play.qcow2
# record cutman-play's parent
cat > /srv/bootgen/overlays/cutman-play.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 0,
  "path": "/srv/bootgen/images/master.vhd",
  "format": "vpc",
  "virtualSize": 8589934592,
  "identity": "24576:1767225600"
}
BOOTGEN_EOF
# the FUSE export mounts over an existing file
touch /srv/bootgen/overlays/cutman-play.raw
# raw view of cutman-play for the export
qemu-storage-daemon --daemonize --pidfile /srv/bootgen/overlays/cutman-play.pid --blockdev driver=file,node-name=file0,filename=/srv/bootgen/overlays/cutman-play.qcow2 --blockdev driver=qcow2,node-name=disk0,file=file0 --export type=fuse,id=export0,node-name=disk0,mountpoint=/srv/bootgen/overlays/cutman-play.raw,writable=on
# iSCSI target for cutman-play
tgtadm --lld iscsi --op new --mode target --tid 1 -T iqn.2026-01.bootgen.lanparty:cutman-play
# LUN 1: the overlay of cutman-play
tgtadm --lld iscsi --op new --mode logicalunit --tid 1 --lun 1 -b /srv/bootgen/overlays/cutman-play.raw
# only cutman (iqn.2026-01.bootgen.lanparty.initiator:cutman) may log in to iqn.2026-01.bootgen.lanparty:cutman-play
tgtadm --lld iscsi --op bind --mode target --tid 1 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:cutman
# overlay of cutman-persist on master generation 0
qemu-img create -q -f qcow2 -b /srv/bootgen/images/master.vhd -F vpc /srv/bootgen/overlays/cutman-persist.qcow2
# record cutman-persist's parent
cat > /srv/bootgen/overlays/cutman-persist.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 0,
  "path": "/srv/bootgen/images/master.vhd",
  "format": "vpc",
  "virtualSize": 8589934592,
  "identity": "24576:1767225600"
}
BOOTGEN_EOF
# the FUSE export mounts over an existing file
touch /srv/bootgen/overlays/cutman-persist.raw
# raw view of cutman-persist for the export
qemu-storage-daemon --daemonize --pidfile /srv/bootgen/overlays/cutman-persist.pid --blockdev driver=file,node-name=file0,filename=/srv/bootgen/overlays/cutman-persist.qcow2 --blockdev driver=qcow2,node-name=disk0,file=file0 --export type=fuse,id=export0,node-name=disk0,mountpoint=/srv/bootgen/overlays/cutman-persist.raw,writable=on
# iSCSI target for cutman-persist
tgtadm --lld iscsi --op new --mode target --tid 2 -T iqn.2026-01.bootgen.lanparty:cutman-persist
# LUN 1: the overlay of cutman-persist
tgtadm --lld iscsi --op new --mode logicalunit --tid 2 --lun 1 -b /srv/bootgen/overlays/cutman-persist.raw
# only cutman (iqn.2026-01.bootgen.lanparty.initiator:cutman) may log in to iqn.2026-01.bootgen.lanparty:cutman-persist
tgtadm --lld iscsi --op bind --mode target --tid 2 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:cutman
# overlay of gutsman-play on master generation 0
qemu-img create -q -f qcow2 -b /srv/bootgen/images/master.vhd -F vpc /srv/bootgen/overlays/gutsman-play.qcow2
# record gutsman-play's parent
cat > /srv/bootgen/overlays/gutsman-play.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 0,
  "path": "/srv/bootgen/images/master.vhd",
  "format": "vpc",
  "virtualSize": 8589934592,
  "identity": "24576:1767225600"
}
BOOTGEN_EOF
# the FUSE export mounts over an existing file
touch /srv/bootgen/overlays/gutsman-play.raw
# raw view of gutsman-play for the export
qemu-storage-daemon --daemonize --pidfile /srv/bootgen/overlays/gutsman-play.pid --blockdev driver=file,node-name=file0,filename=/srv/bootgen/overlays/gutsman-play.qcow2 --blockdev driver=qcow2,node-name=disk0,file=file0 --export type=fuse,id=export0,node-name=disk0,mountpoint=/srv/bootgen/overlays/gutsman-play.raw,writable=on
# iSCSI target for gutsman-play
tgtadm --lld iscsi --op new --mode target --tid 3 -T iqn.2026-01.bootgen.lanparty:gutsman-play
# LUN 1: the overlay of gutsman-play
tgtadm --lld iscsi --op new --mode logicalunit --tid 3 --lun 1 -b /srv/bootgen/overlays/gutsman-play.raw
# only gutsman (iqn.2026-01.bootgen.lanparty.initiator:gutsman) may log in to iqn.2026-01.bootgen.lanparty:gutsman-play
tgtadm --lld iscsi --op bind --mode target --tid 3 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:gutsman
# overlay of gutsman-persist on master generation 0
qemu-img create -q -f qcow2 -b /srv/bootgen/images/master.vhd -F vpc /srv/bootgen/overlays/gutsman-persist.qcow2
# record gutsman-persist's parent
cat > /srv/bootgen/overlays/gutsman-persist.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 0,
  "path": "/srv/bootgen/images/master.vhd",
  "format": "vpc",
  "virtualSize": 8589934592,
  "identity": "24576:1767225600"
}
BOOTGEN_EOF
# the FUSE export mounts over an existing file
touch /srv/bootgen/overlays/gutsman-persist.raw
# raw view of gutsman-persist for the export
qemu-storage-daemon --daemonize --pidfile /srv/bootgen/overlays/gutsman-persist.pid --blockdev driver=file,node-name=file0,filename=/srv/bootgen/overlays/gutsman-persist.qcow2 --blockdev driver=qcow2,node-name=disk0,file=file0 --export type=fuse,id=export0,node-name=disk0,mountpoint=/srv/bootgen/overlays/gutsman-persist.raw,writable=on
# iSCSI target for gutsman-persist
tgtadm --lld iscsi --op new --mode target --tid 4 -T iqn.2026-01.bootgen.lanparty:gutsman-persist
# LUN 1: the overlay of gutsman-persist
tgtadm --lld iscsi --op new --mode logicalunit --tid 4 --lun 1 -b /srv/bootgen/overlays/gutsman-persist.raw
# only gutsman (iqn.2026-01.bootgen.lanparty.initiator:gutsman) may log in to iqn.2026-01.bootgen.lanparty:gutsman-persist
tgtadm --lld iscsi --op bind --mode target --tid 4 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:gutsman

#!/bin/sh
# reset cutman --immutable
set -eu
# remove iSCSI target iqn.2026-01.bootgen.lanparty:cutman-play
tgtadm --lld iscsi --op delete --force --mode target --tid 1
# stop the FUSE export of cutman-play
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-play.pid
# detach cutman-play's FUSE view even while tgtd still holds it
umount -l /srv/bootgen/overlays/cutman-play.raw || true
# remove cutman-play's overlay files
rm -f /srv/bootgen/overlays/cutman-play.qcow2 /srv/bootgen/overlays/cutman-play.raw /srv/bootgen/overlays/cutman-play.parent.json
# overlay of cutman-play on master generation 0
qemu-img create -q -f qcow2 -b /srv/bootgen/images/master.vhd -F vpc /srv/bootgen/overlays/cutman-play.qcow2
# record cutman-play's parent
cat > /srv/bootgen/overlays/cutman-play.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 0,
  "path": "/srv/bootgen/images/master.vhd",
  "format": "vpc",
  "virtualSize": 8589934592,
  "identity": "24576:1767225600"
}
BOOTGEN_EOF
# the FUSE export mounts over an existing file
touch /srv/bootgen/overlays/cutman-play.raw
# raw view of cutman-play for the export
qemu-storage-daemon --daemonize --pidfile /srv/bootgen/overlays/cutman-play.pid --blockdev driver=file,node-name=file0,filename=/srv/bootgen/overlays/cutman-play.qcow2 --blockdev driver=qcow2,node-name=disk0,file=file0 --export type=fuse,id=export0,node-name=disk0,mountpoint=/srv/bootgen/overlays/cutman-play.raw,writable=on
# iSCSI target for cutman-play
tgtadm --lld iscsi --op new --mode target --tid 1 -T iqn.2026-01.bootgen.lanparty:cutman-play
# LUN 1: the overlay of cutman-play
tgtadm --lld iscsi --op new --mode logicalunit --tid 1 --lun 1 -b /srv/bootgen/overlays/cutman-play.raw
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
# stop the FUSE export of cutman-persist
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-persist.pid
# detach cutman-persist's FUSE view even while tgtd still holds it
umount -l /srv/bootgen/overlays/cutman-persist.raw || true
# cutman-persist + generation 0 → generation 1
qemu-img convert -f qcow2 -O qcow2 /srv/bootgen/overlays/cutman-persist.qcow2 /srv/bootgen/overlays/masters/master.g1.qcow2
# cutman-persist's changes now live in generation 1
rm -f /srv/bootgen/overlays/cutman-persist.qcow2 /srv/bootgen/overlays/cutman-persist.raw /srv/bootgen/overlays/cutman-persist.parent.json
# a master generation is read-only from birth
chmod a-w /srv/bootgen/overlays/masters/master.g1.qcow2
# identity of generation 1 for the parent records
id_master_g1=$(stat -c %s:%Y /srv/bootgen/overlays/masters/master.g1.qcow2)
# overlay of cutman-persist on master generation 1
qemu-img create -q -f qcow2 -b /srv/bootgen/overlays/masters/master.g1.qcow2 -F qcow2 /srv/bootgen/overlays/cutman-persist.qcow2
# record cutman-persist's parent
cat > /srv/bootgen/overlays/cutman-persist.parent.json <<BOOTGEN_EOF
{
  "image": "master",
  "generation": 1,
  "path": "/srv/bootgen/overlays/masters/master.g1.qcow2",
  "format": "qcow2",
  "virtualSize": 8589934592,
  "identity": "${id_master_g1}"
}
BOOTGEN_EOF
# the FUSE export mounts over an existing file
touch /srv/bootgen/overlays/cutman-persist.raw
# raw view of cutman-persist for the export
qemu-storage-daemon --daemonize --pidfile /srv/bootgen/overlays/cutman-persist.pid --blockdev driver=file,node-name=file0,filename=/srv/bootgen/overlays/cutman-persist.qcow2 --blockdev driver=qcow2,node-name=disk0,file=file0 --export type=fuse,id=export0,node-name=disk0,mountpoint=/srv/bootgen/overlays/cutman-persist.raw,writable=on
# iSCSI target for cutman-persist
tgtadm --lld iscsi --op new --mode target --tid 2 -T iqn.2026-01.bootgen.lanparty:cutman-persist
# LUN 1: the overlay of cutman-persist
tgtadm --lld iscsi --op new --mode logicalunit --tid 2 --lun 1 -b /srv/bootgen/overlays/cutman-persist.raw
# only cutman (iqn.2026-01.bootgen.lanparty.initiator:cutman) may log in to iqn.2026-01.bootgen.lanparty:cutman-persist
tgtadm --lld iscsi --op bind --mode target --tid 2 --initiator-name iqn.2026-01.bootgen.lanparty.initiator:cutman

#!/bin/sh
# destroy
set -eu
# note: master files are left in place and read-only; `chmod u+w` one to change it
# remove iSCSI target iqn.2026-01.bootgen.lanparty:cutman-play
tgtadm --lld iscsi --op delete --force --mode target --tid 1
# stop the FUSE export of cutman-play
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-play.pid
# detach cutman-play's FUSE view even while tgtd still holds it
umount -l /srv/bootgen/overlays/cutman-play.raw || true
# remove cutman-play's overlay files
rm -f /srv/bootgen/overlays/cutman-play.qcow2 /srv/bootgen/overlays/cutman-play.raw /srv/bootgen/overlays/cutman-play.parent.json
# remove iSCSI target iqn.2026-01.bootgen.lanparty:cutman-persist
tgtadm --lld iscsi --op delete --force --mode target --tid 2
# stop the FUSE export of cutman-persist
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-persist.pid
# detach cutman-persist's FUSE view even while tgtd still holds it
umount -l /srv/bootgen/overlays/cutman-persist.raw || true
# remove cutman-persist's overlay files
rm -f /srv/bootgen/overlays/cutman-persist.qcow2 /srv/bootgen/overlays/cutman-persist.raw /srv/bootgen/overlays/cutman-persist.parent.json
# remove iSCSI target iqn.2026-01.bootgen.lanparty:gutsman-play
tgtadm --lld iscsi --op delete --force --mode target --tid 3
# stop the FUSE export of gutsman-play
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/gutsman-play.pid
# detach gutsman-play's FUSE view even while tgtd still holds it
umount -l /srv/bootgen/overlays/gutsman-play.raw || true
# remove gutsman-play's overlay files
rm -f /srv/bootgen/overlays/gutsman-play.qcow2 /srv/bootgen/overlays/gutsman-play.raw /srv/bootgen/overlays/gutsman-play.parent.json
# remove iSCSI target iqn.2026-01.bootgen.lanparty:gutsman-persist
tgtadm --lld iscsi --op delete --force --mode target --tid 4
# stop the FUSE export of gutsman-persist
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/gutsman-persist.pid
# detach gutsman-persist's FUSE view even while tgtd still holds it
umount -l /srv/bootgen/overlays/gutsman-persist.raw || true
# remove gutsman-persist's overlay files
rm -f /srv/bootgen/overlays/gutsman-persist.qcow2 /srv/bootgen/overlays/gutsman-persist.raw /srv/bootgen/overlays/gutsman-persist.parent.json
