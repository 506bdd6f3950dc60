#!/usr/bin/env bash
# Sætter en workshop-hub op på én Debian- eller Ubuntu-maskine. Kør som root fra en kopi af
# kursets repository:  sudo bash deploy/workshop/setup.sh
# Bagefter: opret brugerne (README, trin 3), og start hubben (trin 4).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
BASE=/opt/digileder
ENV="$BASE/env"

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3 python3-venv git nodejs npm rsync >/dev/null
command -v configurable-http-proxy >/dev/null || npm install -g --silent configurable-http-proxy

# Grupperne: undervisere må læse løsningerne, deltagere må ikke.
getent group undervisere >/dev/null || groupadd undervisere
getent group deltagere >/dev/null || groupadd deltagere

# Kurset: en kopi uden git-historik (den indeholder løsningerne), læsbar for alle,
# undtagen solutions/, som kun undervisere kan læse.
mkdir -p "$BASE"
rsync -a --delete --exclude .git --exclude .venv --exclude mine-svar "$REPO/" "$BASE/kursus/"
chown -R root:root "$BASE/kursus"
chmod -R a+rX,go-w "$BASE/kursus"
chgrp -R undervisere "$BASE/kursus/solutions"
chmod -R o-rwx "$BASE/kursus/solutions"

# Kursusmiljøet (hub og brugernes servere), med dansk JupyterLab.
test -x "$ENV/bin/python" || python3 -m venv "$ENV"
"$ENV/bin/pip" install --quiet --upgrade pip
"$ENV/bin/pip" install --quiet -e "$BASE/kursus" jupyterhub jupyterhub-idle-culler \
  "psycopg[binary]>=3.2,<4"
"$ENV/bin/python" -m digileder.labconfig
chmod -R a+rX "$ENV"

# nbgraders exchange: alle skriver, ingen sletter andres filer (sticky bit).
install -d -m 1777 /srv/nbgrader/exchange

# Indstillinger: kursets nbgrader_config.py, undervisernes JupyterLab og hubbens config.
mkdir -p /etc/digileder
cp -r "$REPO/deploy/workshop/etc/kursus" "$REPO/deploy/workshop/etc/underviser" /etc/digileder/
chmod -R a+rX /etc/digileder
test -f /etc/digileder/jupyterhub_config.py \
  || cp "$REPO/deploy/workshop/jupyterhub_config.py" /etc/digileder/jupyterhub_config.py

echo "Klar. Ret /etc/digileder/jupyterhub_config.py, opret brugerne, og start hubben med:"
echo "  cd /etc/digileder && $ENV/bin/jupyterhub -f jupyterhub_config.py"
