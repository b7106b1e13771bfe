"""Languages people speak: ISO 639 codes with each name in its own script (autonym)."""

# The languages most spoken by newcomers in the Netherlands, plus the country's own.
AUTONYMS: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "prs": "دری",
    "ps": "پښتو",
    "ti": "ትግርኛ",
    "so": "Soomaali",
    "am": "አማርኛ",
    "ku": "Kurdî",
    "tr": "Türkçe",
    "uk": "Українська",
    "ru": "Русский",
    "fr": "Français",
    "es": "Español",
    "pl": "Polski",
}
RTL_LANGUAGES = {"ar", "fa", "prs", "ps", "he", "ur"}


def autonym(code: str) -> str:
    return AUTONYMS.get(code, code)


def direction(code: str) -> str:
    return "rtl" if code.split("-")[0] in RTL_LANGUAGES else "ltr"
