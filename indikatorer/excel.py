# Temporary: moved to styring.regneark.
from styring.regneark import FORMULA_START, MAKS_BYTES, les_xlsx, noytraliser  # noqa: F401
