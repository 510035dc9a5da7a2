"""What stops a survey definition being published: its own rules, the equality section's, and
complete translations. Plain module: the builder shows these before publishing, and
`surveys.repository.publish` refuses a definition that has any."""

from __future__ import annotations

from surveys import model
from surveys.equality import model as equality
from surveys.model import SurveyDefinition
from surveys.translations import model as translation


def publish_problems(definition: SurveyDefinition) -> list[str]:
    """Everything that stops a definition being published, translations included."""
    return (
        model.validate(definition) + equality.equality_problems(definition) + translation.publish_problems(definition)
    )
