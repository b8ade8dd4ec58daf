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
# AoE blade e1.0 for cutman-play, only for cutman (52:54:00:00:00:01)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/cutman-play.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:01 1 0 eth0 /srv/bootgen/overlays/cutman-play.raw
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
# AoE blade e1.1 for cutman-persist, only for cutman (52:54:00:00:00:01)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/cutman-persist.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:01 1 1 eth0 /srv/bootgen/overlays/cutman-persist.raw
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
# AoE blade e1.2 for gutsman-play, only for gutsman (52:54:00:00:00:02)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/gutsman-play.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:02 1 2 eth0 /srv/bootgen/overlays/gutsman-play.raw
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
# AoE blade e1.3 for gutsman-persist, only for gutsman (52:54:00:00:00:02)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/gutsman-persist.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:02 1 3 eth0 /srv/bootgen/overlays/gutsman-persist.raw

#!/bin/sh
# reset cutman --immutable
set -eu
# stop vblade e1.0
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-play.vblade.pid
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
# AoE blade e1.0 for cutman-play, only for cutman (52:54:00:00:00:01)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/cutman-play.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:01 1 0 eth0 /srv/bootgen/overlays/cutman-play.raw

#!/bin/sh
# merge cutman-persist
set -eu
# note: other overlays of master stay on generation 0 until they are reset
# master generations live here
mkdir -p /srv/bootgen/overlays/masters
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
# AoE blade e1.1 for cutman-persist, only for cutman (52:54:00:00:00:01)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/cutman-persist.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:01 1 1 eth0 /srv/bootgen/overlays/cutman-persist.raw

#!/bin/sh
# destroy
set -eu
# note: master files are left in place and read-only; `chmod u+w` one to change it
# stop vblade e1.0
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-play.vblade.pid
# stop the FUSE export of cutman-play
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-play.pid
# detach cutman-play's FUSE view even while tgtd still holds it
umount -l /srv/bootgen/overlays/cutman-play.raw || true
# remove cutman-play's overlay files
rm -f /srv/bootgen/overlays/cutman-play.qcow2 /srv/bootgen/overlays/cutman-play.raw /srv/bootgen/overlays/cutman-play.parent.json
# stop vblade e1.1
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-persist.vblade.pid
# stop the FUSE export of cutman-persist
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-persist.pid
# detach cutman-persist's FUSE view even while tgtd still holds it
umount -l /srv/bootgen/overlays/cutman-persist.raw || true
# remove cutman-persist's overlay files
rm -f /srv/bootgen/overlays/cutman-persist.qcow2 /srv/bootgen/overlays/cutman-persist.raw /srv/bootgen/overlays/cutman-persist.parent.json
# stop vblade e1.2
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/gutsman-play.vblade.pid
# stop the FUSE export of gutsman-play
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/gutsman-play.pid
# detach gutsman-play's FUSE view even while tgtd still holds it
umount -l /srv/bootgen/overlays/gutsman-play.raw || true
# remove gutsman-play's overlay files
rm -f /srv/bootgen/overlays/gutsman-play.qcow2 /srv/bootgen/overlays/gutsman-play.raw /srv/bootgen/overlays/gutsman-play.parent.json
# stop vblade e1.3
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/gutsman-persist.vblade.pid
# stop the FUSE export of gutsman-persist
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/gutsman-persist.pid
# detach gutsman-persist's FUSE view even while tgtd still holds it
umount -l /srv/bootgen/overlays/gutsman-persist.raw || true
# remove gutsman-persist's overlay files
rm -f /srv/bootgen/overlays/gutsman-persist.qcow2 /srv/bootgen/overlays/gutsman-persist.raw /srv/bootgen/overlays/gutsman-persist.parent.json
