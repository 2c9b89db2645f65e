"""Settings are validated once, with the variable to fix named in the message."""

from __future__ import annotations

import pytest

from assistant.errors import ConfigError
from assistant.settings import load_settings


def test_environment_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_TOP_K", "3")
    monkeypatch.setenv("ASSISTANT_ANSWER_TYPES_OFF", "count, Amount")
    settings = load_settings()
    assert settings.top_k == 3
    assert settings.answer_types_off == ("count", "amount")


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"llm_backend": "openai", "llm_base_url": "http://x/v1"}, "ASSISTANT_LLM_MODEL"),
        ({"llm_backend": "openai", "llm_model": "m"}, "ASSISTANT_LLM_BASE_URL"),
        ({"llm_backend": "llamacpp"}, "ASSISTANT_LLM_MODEL_PATH"),
        ({"llm_api_key": "nyckel-på-svenska"}, "ASSISTANT_LLM_API_KEY"),
        ({"top_k": "many"}, "ASSISTANT_TOP_K"),
        ({"dense_weight": 0.9, "chars_weight": 0.2}, "dense_weight + chars_weight"),
        ({"answer_types_off": "count,cnt"}, "unknown answer types ['cnt']"),
    ],
)
def test_bad_settings_name_the_variable(values: dict[str, object], named: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(**values)
    assert named in str(caught.value)
