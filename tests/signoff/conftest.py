import pytest

from tests.factories import ClinicianFactory


@pytest.fixture
def marsh():
    return ClinicianFactory(name="Dr Eleanor Marsh")


@pytest.fixture
def okafor():
    return ClinicianFactory(name="Dr Amara Okafor")
