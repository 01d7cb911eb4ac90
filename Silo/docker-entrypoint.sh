#!/bin/sh
# Starts the silo in a container. Replicas of one compose service share ports but not addresses, so unless
# Orleans__Endpoints__AdvertisedIPAddress is given, each advertises (and listens on) its own container address, and
# takes the container's host name as its silo name. In Kubernetes (POD_IP set, deploy/k8s) the address is left to
# Orleans' Kubernetes hosting, which advertises the pod's address from the downward API.
set -eu
if [ -z "${Orleans__Endpoints__AdvertisedIPAddress:-}" ] && [ -z "${POD_IP:-}" ]; then
  Orleans__Endpoints__AdvertisedIPAddress="$(hostname -i 2>/dev/null | awk '{print $1}')"
  [ -n "$Orleans__Endpoints__AdvertisedIPAddress" ] || Orleans__Endpoints__AdvertisedIPAddress="$(getent hosts "$(hostname)" | awk '{print $1; exit}')"
  export Orleans__Endpoints__AdvertisedIPAddress
fi
if [ -z "${Orleans__Name:-}" ]; then
  Orleans__Name="silo-$(hostname)"
  export Orleans__Name
fi
exec dotnet /app/OrleansBackend.Silo.dll "$@"
