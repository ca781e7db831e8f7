#!/bin/sh
# Installs and starts the real builders the builder tests use (test/builders): Debian's docker.io
# (dockerd 20.10: the legacy builder and BuildKit), buildah, busybox-static (the base images) and
# docker-compose 1.29. Quick when everything is already there: apt-get runs only when a command is
# missing, dockerd starts only when `docker info` fails. Exits non-zero when a builder cannot be
# installed or started; .ci/run fails the run then under CI=true.
set -u
missing=""
command -v /usr/bin/docker >/dev/null 2>&1 || missing="$missing docker.io"
command -v dockerd >/dev/null 2>&1 || missing="$missing docker.io"
command -v buildah >/dev/null 2>&1 || missing="$missing buildah"
[ -x /bin/busybox ] || missing="$missing busybox-static"
command -v docker-compose >/dev/null 2>&1 || missing="$missing docker-compose"
if [ -n "$missing" ]; then
  echo "builders: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update || { echo "builders: apt-get update failed"; exit 1; }
  apt-get install -y docker.io buildah busybox-static docker-compose || { echo "builders: apt-get install failed"; exit 1; }
fi
DOCKER=/usr/bin/docker
if ! "$DOCKER" info >/dev/null 2>&1; then
  echo "builders: starting dockerd (log: /tmp/volint-dockerd.log)"
  nohup dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs >/tmp/volint-dockerd.log 2>&1 &
  i=0
  until "$DOCKER" info >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt 60 ]; then
      echo "builders: dockerd did not answer within 60 s"; tail -20 /tmp/volint-dockerd.log; exit 1
    fi
    sleep 1
  done
fi
echo "builders: docker $("$DOCKER" version --format '{{.Server.Version}}'), $(buildah --version), docker-compose $(docker-compose version --short)"
