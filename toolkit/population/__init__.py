"""Census 2021 population reference data and the survey-to-census mapping (plain Python).

The data file `census2021.json.gz` is built by `python -m toolkit.population.build` from the
published ONS figures in `../shared/population`; `equality_questions.json` holds the harmonised
equality questions. Nothing here imports Flask or the database.
"""

from toolkit.population.custom import (
    CustomPopulationError,
    RowProblem,
    custom_population_template,
    parse_custom_population_csv,
)
from toolkit.population.mapping import (
    PREFER_NOT_TO_SAY,
    CategoryMapping,
    MappingRow,
    category_mapping,
    disability_answer,
    list_mappings,
)
from toolkit.population.reference import (
    Area,
    AreaPopulation,
    Dimension,
    MissingFiguresError,
    OverlappingAreasError,
    PopulationError,
    UnknownAreaError,
    UnknownDimensionError,
    area_population,
    get_dimension,
    list_areas,
    list_dimensions,
    load_equality_questions,
    load_reference,
)

__all__ = [
    "PREFER_NOT_TO_SAY",
    "Area",
    "AreaPopulation",
    "CategoryMapping",
    "CustomPopulationError",
    "Dimension",
    "MappingRow",
    "MissingFiguresError",
    "OverlappingAreasError",
    "PopulationError",
    "RowProblem",
    "UnknownAreaError",
    "UnknownDimensionError",
    "area_population",
    "category_mapping",
    "custom_population_template",
    "disability_answer",
    "get_dimension",
    "list_areas",
    "list_dimensions",
    "list_mappings",
    "load_equality_questions",
    "load_reference",
    "parse_custom_population_csv",
]
