# gunicorn reads this file from the folder it starts in: the Procfile (make run), the Docker
# image and docker compose all start it here, so these settings hold everywhere.
accesslog = "-"
# The access log writes "[token]" instead of the tokens in links (reset, invitations).
logger_class = "marketplace.access_log.TokenHidingLogger"
