#!/bin/bash
# Interleaved rounds of the two ways LocalCluster can make a throwaway cluster's data directory, each followed by the
# same `pg_ctl start -w`: initdb (what every start paid before the template cache, and a start with an empty cache
# still pays) vs a copy of a cached template (cp -r, chmod 700, chown -R as LocalCluster does as root). Runs as root,
# like this machine's CI; prints per-round seconds and the medians. Usage: bench/cluster-start.sh [rounds]
# PORT (default 56001) is the first of the two ports used; folders are per process, so two runs do not collide.
# ROOT is where the folders go; by default where LocalCluster puts them (Local/ClusterParentDirectory.cs): /dev/shm
# when it is a tmpfs open to every user (mode 1777) with at least 1 GiB free, /tmp otherwise. ROOT=/tmp for the disk.
set -e
if [[ -z "${ROOT:-}" ]]; then
  ROOT=/tmp
  if [[ "$(stat -f -c %T /dev/shm 2>/dev/null)" == tmpfs && "$(stat -c %a /dev/shm)" == 1777 && $(df -k --output=avail /dev/shm | tail -1) -ge 1048576 ]]; then
    ROOT=/dev/shm
  fi
fi
echo "folders under $ROOT"
B=$(pg_config --bindir); W=$ROOT/mbcs-$$; T=$W-template; ROUNDS=${1:-7}; PORT=${PORT:-56001}
OPTS="-A trust -U postgres -E UTF8 --no-locale --no-sync"
rm -rf $T; mkdir -p $T; chown postgres $T; runuser -u postgres -- $B/initdb -D $T/data $OPTS >/dev/null
now() { date +%s.%N; }
start_stop() { runuser -u postgres -- $B/pg_ctl -D $1/data -l $1/log -o "-F -p $2 -k $1 -c listen_addresses=127.0.0.1" -w start >/dev/null; }
stop() { runuser -u postgres -- $B/pg_ctl -D $1/data -m immediate -w stop >/dev/null; rm -rf $1; }
for i in $(seq $ROUNDS); do
  D=$W-a$i; mkdir -p $D; chown postgres $D
  s=$(now); runuser -u postgres -- $B/initdb -D $D/data $OPTS >/dev/null; start_stop $D $PORT; e=$(now); stop $D
  a=$(echo "$e - $s" | bc)
  D=$W-b$i; mkdir -p $D
  s=$(now); cp -r $T/data $D/data; chmod 700 $D/data; chown -R postgres $D; start_stop $D $((PORT + 1)); e=$(now); stop $D
  b=$(echo "$e - $s" | bc)
  echo "round $i initdb+start $a copy+start $b"
done | tee $W-rounds.txt
rm -rf $T
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "median initdb+start $(awk '{ print $4 }' $W-rounds.txt | median) copy+start $(awk '{ print $6 }' $W-rounds.txt | median)"
rm -f $W-rounds.txt
