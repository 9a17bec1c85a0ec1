"""The view data the desk's widgets render: plain objects kept in the Qt-free ``station.desk``
package (so the desk's state can be tested without Qt); re-exported here for the views."""

from station.desk.items import (  # noqa: F401 - re-exported names
    FIELD_NAMES,
    BatchItem,
    BatchSummary,
    DocItem,
    DocTypeChoice,
    FieldMark,
    PageItem,
)
