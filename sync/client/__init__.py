"""HTTP client of the sync engine: requests + urllib3 Retry + truststore (see http.py)."""

from sync.client.folio import FolioClient, Session
from sync.client.http import DownloadStream, HttpConfig, HttpTransport

__all__ = ["DownloadStream", "FolioClient", "HttpConfig", "HttpTransport", "Session"]
