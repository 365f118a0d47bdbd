# syntax=docker/dockerfile:1
# Production image of the ПСЭР / СЭӨП portal: gunicorn serving Django, static files served by
# whitenoise from the image, the same image runs the Celery worker (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# System libraries of WeasyPrint 70 (Pango, HarfBuzz subsetting, images, MIME types),
# gettext for compilemessages, and fonts that have the Kyrgyz letters Ң ң Ө ө Ү ү.
# fontconfig builds the font cache once here instead of in every worker process.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        libjpeg62-turbo \
        libopenjp2-7 \
        libffi8 \
        shared-mime-info \
        gettext \
        fontconfig \
        fonts-dejavu-core \
        fonts-noto-core \
    && fc-cache -f \
    && rm -rf /var/lib/apt/lists/*

# pg_dump and psql of the PostgreSQL of docker-compose.yml (16), for `manage.py backup` and
# `restore`: Debian 12's own client is version 15, and pg_dump refuses a newer server. From the
# PostgreSQL project's apt repository, as postgresql.org describes it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
        https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-16 \
    && apt-get purge -y curl \
    && apt-get autoremove -y \
    && rm -rf /var/lib/apt/lists/*

# The application runs as this unprivileged user; the code stays owned by root (read-only).
RUN groupadd --system --gid 1000 psep \
    && useradd --system --uid 1000 --gid psep --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin psep

WORKDIR /app

# Dependencies first: this layer is rebuilt only when requirements.lock changes.
COPY requirements.lock /app/requirements.lock
RUN pip install --no-cache-dir -r requirements.lock

COPY . /app

# Translations and static files are part of the image. The SECRET_KEY here is a throw-away
# value that exists only for these two commands; it is not kept in the image's environment.
RUN SECRET_KEY=build-only-not-a-secret-used-for-collectstatic-and-compilemessages \
        DEBUG=false \
        python manage.py compilemessages \
    && SECRET_KEY=build-only-not-a-secret-used-for-collectstatic-and-compilemessages \
        DEBUG=false \
        python manage.py collectstatic --noinput \
    && rm -rf /app/var \
    && mkdir -p /app/media /app/var /app/backups \
    && chown psep:psep /app/media /app/var /app/backups \
    && chmod 0755 /app/docker/entrypoint.sh

USER psep

EXPOSE 8000

# MIGRATE_ON_START=1 runs `manage.py migrate` before the command (set it on one service only).
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["sh", "-c", "exec gunicorn psep_portal.wsgi:application --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --timeout 60 --access-logfile -"]
