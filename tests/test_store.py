import sqlalchemy as sa

from piguard import store


def test_default_database_under_piguard_home(tmp_path, monkeypatch):
    monkeypatch.setenv("PIGUARD_HOME", str(tmp_path))
    monkeypatch.delenv("PIGUARD_DB", raising=False)
    store.reset_engines()
    eng = store.engine()
    assert (tmp_path / "piguard.db").exists()
    assert "meta" in sa.inspect(eng).get_table_names()
    store.reset_engines()


def test_postgresql_scheme_uses_psycopg3():
    assert store.database_url("postgresql://u:p@h/db").startswith("postgresql+psycopg://")


def test_bad_url_is_bad_input_without_password():
    import pytest

    from piguard.errors import BadInput

    with pytest.raises(BadInput) as e:
        store.engine("postgresql://user:s3cret@127.0.0.1:1/nodb")
    assert "s3cret" not in str(e.value)
    store.reset_engines()


def test_migrations_idempotent(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    store.engine(url)
    store.reset_engines()
    eng = store.engine(url)  # second migrate run is a no-op
    with eng.connect() as c:
        assert c.execute(sa.text("select count(*) from alembic_version")).scalar() == 1
    store.reset_engines()
