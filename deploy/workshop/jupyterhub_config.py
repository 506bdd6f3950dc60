# JupyterHub på én maskine til en workshop: rigtige unix-brugere, standard-spawneren
# (LocalProcessSpawner), nbgraders exchange i en delt mappe og kursusmiljøet i /opt/digileder.
# Læs deploy/README.md først. Ret værdierne markeret RET.
#
# Developer note: tests/hub/test_hub_class.py starts a hub with the same pieces on loopback
# (groups, group_overrides, JUPYTER_CONFIG_PATH, exchange) and runs a whole class through it.
import os

c = get_config()  # noqa: F821

ENV = "/opt/digileder/env"  # kursusmiljøet (setup.sh laver det)
ETC = "/etc/digileder"  # kursus- og underviserindstillinger (setup.sh kopierer etc/ hertil)
PATH = f"{ENV}/bin:/usr/local/bin:/usr/bin:/bin"

# --- Adgang --------------------------------------------------------------------------
c.JupyterHub.bind_url = "http://:8000"  # RET: sæt en reverse proxy med HTTPS foran
# Brugerne logger ind med deres unix-adgangskode (PAM). Kommunens eget login (Azure AD,
# OIDC) kan sættes ind i stedet med oauthenticator; unix-brugerne skal så findes i forvejen.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set()  # RET, eller brug grupperne nedenfor
c.Authenticator.allow_existing_users = True
c.Authenticator.admin_users = {"kursusadmin"}  # RET

# Hold og roller. Navnene skal være unix-brugernavne (små bogstaver, tal og -).
c.JupyterHub.load_groups = {
    "undervisere": {"users": ["underviser1"]},  # RET
    "deltagere": {"users": ["deltager01", "deltager02"]},  # RET
}
c.Authenticator.allowed_users |= {
    user for group in c.JupyterHub.load_groups.values() for user in group["users"]
}

# --- Brugernes servere ----------------------------------------------------------------
c.Spawner.cmd = [f"{ENV}/bin/jupyterhub-singleuser"]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {
    # nbgrader_config.py med exchange-mappen og kursets id (etc/kursus/).
    "JUPYTER_CONFIG_PATH": f"{ETC}/kursus",
    "PATH": PATH,
}
# Undervisere læser en mappe mere først: nbgraders underviserværktøjer slås til
# (samme virkning som `python -m digileder.labconfig --underviser`, men kun for dem).
c.Spawner.group_overrides = {
    "10-undervisere": {
        "groups": ["undervisere"],
        "spawner_override": {
            "environment": {
                "JUPYTER_CONFIG_PATH": os.pathsep.join([f"{ETC}/underviser", f"{ETC}/kursus"]),
                "PATH": PATH,
            },
            "mem_limit": "4G",  # bedømmelse kører flere kerner på én gang
        },
    },
}
# Hukommelse pr. deltager (se "Sådan dimensionerer du" i README). LocalProcessSpawner
# håndhæver ikke grænsen selv; systemdspawner gør (se README).
c.Spawner.mem_limit = "1G"

# --- Oprydning af glemte servere -----------------------------------------------------
# pip install jupyterhub-idle-culler i hubbens miljø.
c.JupyterHub.load_roles = [{
    "name": "jupyterhub-idle-culler-role",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["jupyterhub-idle-culler-service"],
}]
c.JupyterHub.services = [{
    "name": "jupyterhub-idle-culler-service",
    "command": [f"{ENV}/bin/python", "-m", "jupyterhub_idle_culler", "--timeout=3600"],
}]
