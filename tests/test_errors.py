import pytest

from piguard.errors import BadInput, InvalidChecksum, InvalidLength, UnknownName, ValidationError


def test_validation_errors_are_value_errors():
    assert issubclass(InvalidChecksum, ValueError)
    assert issubclass(InvalidLength, ValidationError)
    assert str(InvalidLength()) == "The value has an invalid length."


def test_bad_input_carries_position():
    e = BadInput("ragged row", where="data.csv:17")
    assert str(e) == "data.csv:17: ragged row"


@pytest.mark.parametrize("name, hint", [("dispaly", "display"), ("zzzz", None)])
def test_unknown_name_suggests(name, hint):
    msg = str(UnknownName("preset", name, ["display", "waybill"]))
    assert (f"Did you mean '{hint}'?" in msg) if hint else ("Did you mean" not in msg)
