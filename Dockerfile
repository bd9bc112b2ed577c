# Buurthulp's image: the same image runs web (gunicorn), worker and beat; the command differs.

# The NL Design System styles and Leaflet come from npm (package-lock.json), as `make vendor`.
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error \
    && mkdir -p vendor/utrecht vendor/leaflet \
    && cp node_modules/@utrecht/design-tokens/dist/theme.css vendor/utrecht/design-tokens.css \
    && cp node_modules/@utrecht/component-library-css/dist/index.css vendor/utrecht/component-library.css \
    && cp -R node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
       node_modules/leaflet/dist/images vendor/leaflet/

FROM python:3.11-slim

# APP_ENV=production: the image never serves development tools (mail viewer, demo data), and
# refuses to start without SECRET_KEY, SMTP and shared rate-limit storage.
ENV APP_ENV=production \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    FLASK_APP=marketplace \
    INSTANCE_PATH=/app/instance

WORKDIR /app
RUN useradd --create-home --uid 10001 buurthulp

# Templates, static files and migrations are found next to the package (an editable
# install keeps them there), so the whole project is copied before installing.
# Dependencies first, from the lock file (every package pinned with its hash), so this layer
# is rebuilt only when the lock changes.
COPY requirements.txt ./
RUN pip install --require-hashes -r requirements.txt
COPY pyproject.toml ./
COPY marketplace ./marketplace
COPY worker ./worker
COPY templates ./templates
COPY static ./static
COPY --from=assets /build/vendor ./static/vendor
COPY migrations ./migrations
COPY gunicorn.conf.py ./
RUN pip install --no-deps -e . \
    && if ls marketplace/translations/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
         pybabel compile -d marketplace/translations; fi \
    && mkdir -p "$INSTANCE_PATH" && chown buurthulp "$INSTANCE_PATH"

USER buurthulp
EXPOSE 8000
# Workers, threads, timeouts and the metrics port: gunicorn.conf.py (WEB_CONCURRENCY etc.).
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "marketplace.wsgi:app"]
