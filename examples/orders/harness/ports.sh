# shellcheck shell=bash
# free_port: set REPLY to a loopback TCP port that nothing uses and that this shell has not handed
# out before. Ports come from below the kernel's ephemeral range, so an outgoing connection (ours or
# another job's on the same machine) cannot take the port between this check and the server's bind.
_free_port_used=" "
free_port() {
  local lo hi p
  read -r lo hi </proc/sys/net/ipv4/ip_local_port_range
  hi=$((lo - 1))
  lo=10000
  [ "$hi" -gt "$lo" ] || { hi=65000; lo=20000; }
  for p in $(shuf -i "$lo-$hi" -n 200); do
    case "$_free_port_used" in *" $p "*) continue ;; esac
    if [ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ] &&
      ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      _free_port_used+="$p "
      REPLY=$p
      return 0
    fi
  done
  echo "free_port: no free loopback port in $lo-$hi" >&2
  return 1
}
