# The application image used by docker-compose.yml for web, worker and beat.

FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund

FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    VAR_DIR=/var/lib/etatsstyring
# Pango and fonts for WeasyPrint's PDF reports.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 etatsstyring
WORKDIR /app
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY --from=frontend /app/node_modules ./node_modules
COPY . .
# collectstatic needs settings but no real secret or database.
RUN DEBUG=false SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64 | tr -d '\n') \
    python manage.py collectstatic --noinput \
    && mkdir -p "$VAR_DIR" && chown etatsstyring "$VAR_DIR"
USER etatsstyring
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
