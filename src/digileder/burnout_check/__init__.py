"""Tjek i modul 05: Kan du skelne advarselstegn hos en ildsjæl fra tegn på trivsel?

Tegnene står i datasets/burnout_signs.yml, så en underviser kan rette dem uden Python.
Listen er kursets eget bud ud fra artiklen (struktur, retning, udfordring) – ikke en
forskningsbaseret test. Brug i en notesbog:

    from digileder import burnout_check
    burnout_check.show()

Package layout: model.py (Sign, SignCheck), content.py (the signs' YAML), view.py (CheckView).
"""

from digileder import lazy
from digileder.burnout_check.content import SIGN_RECORD, load_signs, signs_path
from digileder.burnout_check.model import KINDS, NEEDS, Sign, SignCheck, Verdict


def show():
    """Tjekket: advarselstegn eller trivsel hos en ildsjæl? (modul 05)."""
    from digileder.burnout_check.view import show as show_view

    return show_view()


# The widgets (ipywidgets) are imported only when asked for.
__getattr__ = lazy.from_module(__name__, "view", ("CheckView",))


__all__ = ["KINDS", "NEEDS", "SIGN_RECORD", "Sign", "SignCheck", "Verdict", "load_signs",
           "show", "signs_path"]
