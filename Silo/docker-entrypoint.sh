#!/bin/sh
# Starts the silo in a container. Replicas of one compose service share ports but not addresses, so unless
# Endpoints__AdvertisedAddress is given, each advertises its own container address to the others and to clients.
set -eu
if [ -z "${Endpoints__AdvertisedAddress:-}" ]; then
  Endpoints__AdvertisedAddress="$(hostname -i 2>/dev/null | awk '{print $1}')"
  [ -n "$Endpoints__AdvertisedAddress" ] || Endpoints__AdvertisedAddress="$(getent hosts "$(hostname)" | awk '{print $1; exit}')"
  export Endpoints__AdvertisedAddress
fi
if [ -z "${Silo__SiloName:-}" ]; then
  Silo__SiloName="silo-$(hostname)"
  export Silo__SiloName
fi
exec dotnet /app/OrleansBackend.Silo.dll "$@"
