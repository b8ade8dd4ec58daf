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
# AoE blade e1.0 for cutman-play, only for cutman (52:54:00:00:00:01)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/cutman-play.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:01 1 0 eth0 /dev/mapper/bootgen-lanparty-cutman-play
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
# AoE blade e1.1 for cutman-persist, only for cutman (52:54:00:00:00:01)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/cutman-persist.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:01 1 1 eth0 /dev/mapper/bootgen-lanparty-cutman-persist
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
# AoE blade e1.2 for gutsman-play, only for gutsman (52:54:00:00:00:02)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/gutsman-play.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:02 1 2 eth0 /dev/mapper/bootgen-lanparty-gutsman-play
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
# AoE blade e1.3 for gutsman-persist, only for gutsman (52:54:00:00:00:02)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/gutsman-persist.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:02 1 3 eth0 /dev/mapper/bootgen-lanparty-gutsman-persist

#!/bin/sh
# reset cutman --immutable
set -eu
# stop vblade e1.0
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-play.vblade.pid
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
# AoE blade e1.0 for cutman-play, only for cutman (52:54:00:00:00:01)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/cutman-play.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:01 1 0 eth0 /dev/mapper/bootgen-lanparty-cutman-play

#!/bin/sh
# merge cutman-persist
set -eu
# note: other overlays of master stay on generation 0 until they are reset
# master generations live here
mkdir -p /srv/bootgen/overlays/masters
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
# AoE blade e1.1 for cutman-persist, only for cutman (52:54:00:00:00:01)
start-stop-daemon --start --background --make-pidfile --pidfile /srv/bootgen/overlays/cutman-persist.vblade.pid --exec /usr/sbin/vblade -- -m 52:54:00:00:00:01 1 1 eth0 /dev/mapper/bootgen-lanparty-cutman-persist

#!/bin/sh
# destroy
set -eu
# note: master files are left in place and read-only; `chmod u+w` one to change it
# stop vblade e1.0
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-play.vblade.pid
# remove cutman-play's snapshot device
dmsetup remove --retry bootgen-lanparty-cutman-play
# release cutman-play's COW loop device
losetup --detach /dev/loop1
# remove cutman-play's COW store
rm -f /srv/bootgen/overlays/cutman-play.cow /srv/bootgen/overlays/cutman-play.parent.json
# stop vblade e1.1
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/cutman-persist.vblade.pid
# remove cutman-persist's snapshot device
dmsetup remove --retry bootgen-lanparty-cutman-persist
# release cutman-persist's COW loop device
losetup --detach /dev/loop2
# remove cutman-persist's COW store
rm -f /srv/bootgen/overlays/cutman-persist.cow /srv/bootgen/overlays/cutman-persist.parent.json
# stop vblade e1.2
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/gutsman-play.vblade.pid
# remove gutsman-play's snapshot device
dmsetup remove --retry bootgen-lanparty-gutsman-play
# release gutsman-play's COW loop device
losetup --detach /dev/loop3
# remove gutsman-play's COW store
rm -f /srv/bootgen/overlays/gutsman-play.cow /srv/bootgen/overlays/gutsman-play.parent.json
# stop vblade e1.3
start-stop-daemon --stop --quiet --oknodo --remove-pidfile --retry 10 --pidfile /srv/bootgen/overlays/gutsman-persist.vblade.pid
# remove gutsman-persist's snapshot device
dmsetup remove --retry bootgen-lanparty-gutsman-persist
# release gutsman-persist's COW loop device
losetup --detach /dev/loop4
# remove gutsman-persist's COW store
rm -f /srv/bootgen/overlays/gutsman-persist.cow /srv/bootgen/overlays/gutsman-persist.parent.json
# release the loop device over master generation 0
losetup --detach /dev/loop0
