# Fælles nbgrader-indstillinger for alle brugeres servere (JUPYTER_CONFIG_PATH peger hertil).
# Exchange-mappen er stedet, hvor opgaver udleveres og afleveres: alle skal kunne skrive i den
# (chmod 1777). Kursets id skal være det samme som i underviserens `digileder course init`.
c = get_config()  # noqa: F821
c.Exchange.root = "/srv/nbgrader/exchange"
c.CourseDirectory.course_id = "digileder"
