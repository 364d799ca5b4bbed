import pytest


@pytest.fixture(autouse=True)
def _private_upload_dir(settings, tmp_path):
    """Uploads of the tests go to a directory of their own, never the checkout's var/."""
    settings.TRANSFER_UPLOAD_DIR = tmp_path / "imports"
    return settings.TRANSFER_UPLOAD_DIR
