"""Size, count and time limits of the image readers (documented in docs/image-sources.md).

Module constants so one place states them and tests can lower them.
"""

from __future__ import annotations

MiB = 1024 * 1024
GiB = 1024 * MiB

# A manifest or an index is a few KiB; the biggest real multi-arch indexes are ~100 KiB.
MAX_MANIFEST_BYTES = 4 * MiB
# A config holds history and env; 8 MiB is far above any real image's.
MAX_CONFIG_BYTES = 8 * MiB
# index.json, oci-layout and docker-archive's manifest.json share the manifest cap.
MAX_INDEX_BYTES = MAX_MANIFEST_BYTES
# `docker inspect` of one image is a few KiB; a list of many images stays well below this.
MAX_INSPECT_BYTES = 16 * MiB
# Token responses are small JSON objects.
MAX_TOKEN_BYTES = 1 * MiB
# Error bodies are only read to quote the registry's error code.
MAX_ERROR_BODY_BYTES = 64 * 1024

# Compressed archives: stop once this much has been decompressed (gzip/bzip2/xz bomb).
# docker save archives hold every layer, so the limit must allow real multi-GiB images.
MAX_DECOMPRESSED_BYTES = 8 * GiB
# Tar member headers kept in memory while indexing an archive.
MAX_ARCHIVE_MEMBERS = 100_000

# Registry HTTP behaviour.
MAX_ATTEMPTS = 4  # first try + 3 retries on 429/5xx/connection errors
BACKOFF_BASE_SECONDS = 0.25  # 0.25, 0.5, 1.0 ...
BACKOFF_MAX_SECONDS = 4.0
RETRY_AFTER_MAX_SECONDS = 10.0
MAX_REDIRECTS = 5
# Manifest lists nested in lists: real images have one level.
MAX_INDEX_DEPTH = 4

# External programs (credential helpers); docker/podman inspect use ReadOptions.timeout.
HELPER_TIMEOUT_SECONDS = 10.0
