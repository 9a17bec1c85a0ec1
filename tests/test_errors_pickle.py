"""Every StationError crosses a process boundary intact: page workers raise them in a child
process, and an error the parent cannot unpickle breaks the whole page pool."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
from typing import Any

import pytest

from station.errors import StationError


def _import_everything() -> None:
    """Subclasses live all over the core and the desk; import every module so none is missed."""
    for package in ("station", "ui"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            if info.name.rsplit(".", 1)[-1] == "__main__":  # runs the program on import
                continue
            try:
                importlib.import_module(info.name)
            except Exception:  # noqa: BLE001 - a module that needs hardware is not what we test
                continue


def _all_subclasses(cls: type) -> list[type]:
    out, todo = [], [cls]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in out:
                out.append(sub)
                todo.append(sub)
    return out


def _damaged_page() -> Any:
    from station.sync.payload import PagePayload

    fields = {f: f"v-{f}" for f in PagePayload.__dataclass_fields__}
    return PagePayload(**fields)


#: Constructor arguments that are not plain strings, by class name.
SPECIAL: dict[str, dict[str, Any]] = {"DamagedPageError": {"page": _damaged_page}, "ChecksLeft": {"left": lambda: 3}}


def _make(cls: type[StationError]) -> StationError:
    kwargs: dict[str, Any] = {}
    special = SPECIAL.get(cls.__name__, {})
    for name, param in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if name in special:
            kwargs[name] = special[name]()
        elif param.annotation in ("str", str) or "str" in str(param.annotation):
            kwargs[name] = f"{cls.__name__}-{name}-ä"
        else:
            pytest.fail(f"{cls.__name__}.__init__({name}: {param.annotation}) needs an entry in SPECIAL")
    return cls(**kwargs)


_import_everything()
SUBCLASSES = [StationError, *_all_subclasses(StationError)]


def test_the_walk_finds_the_errors_of_every_layer():
    names = {c.__name__ for c in SUBCLASSES}
    assert {"InputFileError", "ScannerError", "ExportError", "DamagedPageError", "ReceiptError"} <= names


@pytest.mark.parametrize("cls", SUBCLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_station_error_pickles_with_all_its_fields(cls):
    error = _make(cls)
    error.extra_note = "set after construction"
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is cls
    assert copy.args == error.args and str(copy) == str(error)
    assert vars(copy).keys() == vars(error).keys()
    for key, value in vars(error).items():
        assert getattr(copy, key) == value, key
    assert copy.operator_message("de") == error.operator_message("de")
    assert copy.operator_message("en") == error.operator_message("en")
    assert copy.exit_code == error.exit_code




class _Stubborn(Exception):
    """A library exception whose constructor pickling cannot call again."""

    def __init__(self, code: int, where: str) -> None:
        super().__init__(f"{code} at {where}")
        self.code = code


def test_a_worker_error_that_cannot_pickle_arrives_as_a_specific_station_error():
    from station.pipeline_pool import portable_error

    with pytest.raises(TypeError):
        pickle.loads(pickle.dumps(_Stubborn(3, "strip")))
    err = pickle.loads(pickle.dumps(portable_error("/in/fax.tif", _Stubborn(3, "strip"))))
    assert isinstance(err, StationError) and "/in/fax.tif" in err.message_de and "_Stubborn" in err.detail
    fine = ValueError("plain")
    assert portable_error("/in/fax.tif", fine) is fine
