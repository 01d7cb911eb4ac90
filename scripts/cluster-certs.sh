#!/bin/sh
# A throwaway certificate authority for mutual TLS on the cluster wire (Orleans:Tls), made with openssl:
#
#   scripts/cluster-certs.sh DIR NAME...
#
# DIR/ca.pem is the cluster CA's certificate, which every silo and client trusts (Orleans:Tls:CaCertificate), and
# DIR/ca.key its private key, which issues the certificates; DIR/NAME.pem is node NAME's certificate followed by its
# private key (Orleans:Tls:Certificate), good for a silo and for a client (serverAuth, clientAuth). What exists is kept:
# a second run issues only the certificates still missing, from the same CA. Keys are readable by their owner only;
# TLS_OWNER=uid[:gid] hands the node files to the user a container runs as. POSIX sh: cluster.sh runs it, and so does
# docker-compose's one-shot "certificates" service (on Alpine).
set -eu
[ $# -ge 1 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
dir=$1
shift
command -v openssl >/dev/null 2>&1 || { echo "cluster-certs.sh: openssl is not installed" >&2; exit 1; }
umask 077
mkdir -p "$dir"

if [ ! -s "$dir/ca.pem" ]; then
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -sha256 -days 3650 \
    -subj "/CN=OrleansBackend cluster CA $(date -u +%Y%m%dT%H%M%SZ)" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem.new" 2>/dev/null
  chmod 644 "$dir/ca.pem.new"
  mv "$dir/ca.pem.new" "$dir/ca.pem"
fi

for name in "$@"; do
  [ -s "$dir/$name.pem" ] && continue
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:%s\n' "$name" > "$dir/$name.ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
    -keyout "$dir/$name.key" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -sha256 -days 825 -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -CAserial "$dir/ca.srl" -extfile "$dir/$name.ext" -out "$dir/$name.crt" 2>/dev/null
  cat "$dir/$name.crt" "$dir/$name.key" > "$dir/$name.pem.new"
  rm -f "$dir/$name.ext" "$dir/$name.csr" "$dir/$name.crt" "$dir/$name.key"
  if [ -n "${TLS_OWNER:-}" ]; then chown "$TLS_OWNER" "$dir/$name.pem.new"; fi
  mv "$dir/$name.pem.new" "$dir/$name.pem"
done
