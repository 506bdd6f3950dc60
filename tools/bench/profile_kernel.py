"""Where a module kernel's memory and start-up time go: RSS and CPU after each step.

Run: python tools/bench/profile_kernel.py [--block-rfc3987]
A chart for the browser (the spec, as in JupyterLab and Voila) comes before the first SVG,
so the two costs show separately.
Each step runs in one fresh process, in the order a module needs it. --block-rfc3987 shows
the effect of keeping jsonschema from importing rfc3987_syntax (it builds a grammar at import
time and is not needed by altair).
"""

from __future__ import annotations

import json
import subprocess
import sys

STEPS = [
    ("python", "pass"),
    ("import ipykernel.kernelapp", "import ipykernel.kernelapp"),
    ("import pandas", "import pandas"),
    ("import jsonschema", "import jsonschema"),
    ("import altair", "import altair"),
    ("import ipywidgets", "import ipywidgets"),
    ("import digileder + setup()", "import digileder; digileder.setup()"),
    ("data.survey()", "from digileder import data; data.survey()"),
    ("første diagram til browseren (spec)",
     "from digileder import charts, data, stats\n"
     "t = stats.share_table(data.survey().query('gruppe == \"leder\"'), "
     "'udfordring_gevinster', by='omraade')\n"
     "charts.enable_offline_rendering('browser')\n"
     "charts.bundle(charts.share_bars(t, 'omraade', chart_title='S', description='d', "
     "simulated=True))"),
    ("første diagram (SVG, vl-convert)",
     "charts.to_svg(charts.share_bars(t, 'omraade', chart_title='T', description='d', "
     "simulated=True))"),
    ("andet diagram", "charts.to_svg(charts.share_bars(t, 'omraade', chart_title='U', "
                      "description='d', simulated=True))"),
]

CHILD = r"""
import json, resource, sys, time
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
out = []
steps = json.loads(sys.argv[1])
if sys.argv[2] == '1':
    sys.modules['rfc3987_syntax'] = None
for name, code in steps:
    t0 = time.process_time()
    exec(code, globals())
    out.append([name, round(rss(), 1), round(time.process_time() - t0, 3)])
print(json.dumps(out))
"""


def profile(block: bool) -> list[list]:
    proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps(STEPS), "1" if block else "0"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    block = "--block-rfc3987" in sys.argv
    rows = profile(block)
    print(f"{'trin':40} {'RSS MiB':>8} {'+MiB':>6} {'CPU s':>6}"
          + ("   (rfc3987_syntax blokeret)" if block else ""))
    last = 0.0
    for name, rss, cpu in rows:
        print(f"{name:40} {rss:8.1f} {rss - last:6.1f} {cpu:6.2f}")
        last = rss
    return 0


if __name__ == "__main__":
    sys.exit(main())
