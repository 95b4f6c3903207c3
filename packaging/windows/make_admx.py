"""Write folio.admx and its en-US, da-DK and sv-SE folio.adml from sync/config/policy.py's keys.

Group Policy and Intune (ADMX ingestion) then set the same keys as policy.toml,
under HKLM\\SOFTWARE\\Policies\\Folio. Every value, including a boolean's
false, is chosen in a drop-down of the policy's *Enabled* state, next to a
second drop-down "Enforced / Default" that writes
HKLM\\SOFTWARE\\Policies\\Folio\\Locked\\<key> = 1 or 0. Why not the usual
Enabled = true, Disabled = false: Group Policy deletes a policy's element
values when it is Disabled, so a lock element there can only ever lock true;
"export not allowed, and readers cannot turn it on" would be inexpressible.
Disabled therefore means the same as Not configured (the reader decides; its
disabledList deletes the value and the lock), and each explanation says so.

tests/packaging/test_bundle.py fails when the committed files differ from what
this writes, so a new key cannot be forgotten; tests/unit/test_admx_states.py
reads the generated ADMX as Group Policy would, writes each state's registry
values and checks sync/config/policy.py's registry reader gives the intended policy,
and that every key has its own wording in all three languages (a key without
falls back to its English ``doc`` so generation never blocks).

    .venv/bin/python packaging/windows/make_admx.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from sync.config.policy import KEYS, REGISTRY_KEY, REGISTRY_LOCKED_SUBKEY, Key, Source  # noqa: E402

NS = "Folio.Policies.Folio"
REVISION = "2.0"
LANGUAGES = ("en-US", "da-DK", "sv-SE")
LOCKED_KEY = REGISTRY_KEY + "\\" + REGISTRY_LOCKED_SUBKEY
#: Booleans whose drop-down reads "Allowed / Not allowed" rather than "On / Off".
PERMISSIONS = frozenset({"allow_copy_text", "allow_export", "allow_print", "decide_after_deadline"})

#: Per language: each key's display name and what it does (the part before the
#: common "Enabled / Disabled" paragraphs).
KEY_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "en-US": {
        "server_url": (
            "Server address",
            "The Folio server this device syncs with, as an https:// address. "
            "Empty: the app runs as a demo only.",
        ),
        "enrollment_code": (
            "One-time enrollment code",
            "A one-time code that enrolls the device at its first start. "
            "The device uses it once and never sends it again.",
        ),
        "enrollment_token": (
            "Organisation enrollment token",
            "Your organisation's enrollment token, the same on every device. It is not a "
            "secret: it names the group and the device limit, and each reader still signs "
            "in with her own password or one-time code to enroll.",
        ),
        "asset_tag": (
            "Asset tag",
            "Your organisation's asset tag for this device; it is part of the device's "
            "name in the server's device list.",
        ),
        "auto_lock_minutes": (
            "Lock after minutes without use",
            "Folio locks itself after this many minutes without use (1 to 240).",
        ),
        "max_pin_attempts": (
            "Wrong PINs before the device is erased",
            "After this many wrong PINs Folio erases its meeting material on the device "
            "(3 to 100). Applies to devices set up after the change.",
        ),
        "allow_copy_text": ("Copy text from documents", "Whether readers may copy text."),
        "allow_export": (
            "Save documents outside Folio",
            "Whether readers may save a document (with their notes) as a file outside "
            "Folio's encrypted storage.",
        ),
        "allow_print": ("Print documents", "Whether readers may print documents."),
        "watermark": (
            "Watermark pages with the reader's name",
            "Draws the reader's name and today's date over every page shown, "
            "so they appear in any screenshot.",
        ),
        "retention_days_after_meeting": (
            "Delete meeting packs after the meeting (days)",
            "Folio deletes a meeting's pack from the device this many days after "
            "the meeting (0 to 3650); 0 keeps it. Overrides the server's setting.",
        ),
        "offline_grace_days": (
            "Days a device may stay offline",
            "Days without reaching the server before closed items need a sync "
            "to open (1 to 365). Overrides the server's setting.",
        ),
        "deadline_amber_hours": (
            "Deadline warning (amber), hours",
            "A case due within this many hours shows amber in the decisions overview (1 to 720).",
        ),
        "deadline_red_hours": (
            "Deadline alert (red), hours",
            "A case due within this many hours shows red in the decisions overview (1 to 720).",
        ),
        "decide_after_deadline": (
            "Decide cases after their deadline",
            "Whether readers may still decide a case whose deadline has passed, after a "
            "warning. The server may refuse a late decision.",
        ),
        "update_check": (
            "Check for new versions",
            "Whether Folio checks for new releases. It only tells the reader; "
            "it never installs anything.",
        ),
        "update_url": (
            "Release information address",
            "Where Folio fetches signed release information (https://). "
            "Empty: the server address followed by /v1/release.",
        ),
        "update_trusted_keys": (
            "Trusted release keys",
            "Release signing keys (Ed25519, 64 hex digits each, comma-separated) that "
            "replace the keys built into Folio, so your organisation can sign its own "
            "builds. Honoured only with Readers set to Enforced.",
        ),
        "min_app_version": (
            "Minimum app version",
            "Below this version (for example 1.4.0) Folio asks the reader to update.",
        ),
        "language": ("Language", "The language Folio is shown in."),
        "night_mode": ("Night mode", "Shows documents with dark pages."),
        "log_level": ("Log detail", "How much Folio's log files record."),
    },
    "da-DK": {
        "server_url": (
            "Serveradresse",
            "Den Folio-server, enheden synkroniserer med, som en https://-adresse. "
            "Tom: appen kører kun som demo.",
        ),
        "enrollment_code": (
            "Engangskode til tilmelding",
            "En engangskode, der tilmelder enheden ved første start. "
            "Enheden bruger den én gang og sender den aldrig igen.",
        ),
        "enrollment_token": (
            "Organisationens tilmeldingstoken",
            "Organisationens tilmeldingstoken, det samme på alle enheder. Den er ikke "
            "hemmelig: den angiver gruppen og grænsen for antal enheder, og hver læser "
            "logger stadig ind med sin egen adgangskode eller engangskode for at tilmelde sig.",
        ),
        "asset_tag": (
            "Inventarnummer",
            "Organisationens inventarnummer for enheden; det indgår i enhedens navn i "
            "serverens enhedsliste.",
        ),
        "auto_lock_minutes": (
            "Lås efter minutter uden brug",
            "Folio låser sig selv efter så mange minutter uden brug (1 til 240).",
        ),
        "max_pin_attempts": (
            "Forkerte pinkoder før enheden slettes",
            "Efter så mange forkerte pinkoder sletter Folio mødematerialet på enheden "
            "(3 til 100). Gælder enheder, der sættes op efter ændringen.",
        ),
        "allow_copy_text": (
            "Kopiér tekst fra dokumenter",
            "Om læsere må kopiere tekst.",
        ),
        "allow_export": (
            "Gem dokumenter uden for Folio",
            "Om læsere må gemme et dokument (med deres noter) som en fil uden for "
            "Folios krypterede lager.",
        ),
        "allow_print": ("Udskriv dokumenter", "Om læsere må udskrive dokumenter."),
        "watermark": (
            "Vandmærk sider med læserens navn",
            "Skriver læserens navn og dagens dato hen over hver side, der vises, "
            "så de kommer med på ethvert skærmbillede.",
        ),
        "retention_days_after_meeting": (
            "Slet mødepakker efter mødet (dage)",
            "Folio sletter et mødes pakke fra enheden så mange dage efter mødet "
            "(0 til 3650); 0 beholder den. Går forud for serverens indstilling.",
        ),
        "offline_grace_days": (
            "Dage en enhed må være offline",
            "Dage uden kontakt til serveren, før lukkede punkter kræver en synkronisering "
            "for at åbne (1 til 365). Går forud for serverens indstilling.",
        ),
        "deadline_amber_hours": (
            "Fristvarsel (gul), timer",
            "En sag med frist inden for så mange timer vises gul i beslutningsoversigten "
            "(1 til 720).",
        ),
        "deadline_red_hours": (
            "Fristalarm (rød), timer",
            "En sag med frist inden for så mange timer vises rød i beslutningsoversigten "
            "(1 til 720).",
        ),
        "decide_after_deadline": (
            "Beslut sager efter fristen",
            "Om læsere stadig må beslutte en sag, hvis frist er overskredet, efter en "
            "advarsel. Serveren kan afvise en beslutning, der kommer for sent.",
        ),
        "update_check": (
            "Søg efter nye versioner",
            "Om Folio søger efter nye udgivelser. Den giver kun læseren besked; "
            "den installerer aldrig noget.",
        ),
        "update_url": (
            "Adresse til udgivelsesoplysninger",
            "Hvor Folio henter signerede udgivelsesoplysninger (https://). "
            "Tom: serveradressen efterfulgt af /v1/release.",
        ),
        "update_trusted_keys": (
            "Betroede udgivelsesnøgler",
            "Signeringsnøgler til udgivelser (Ed25519, 64 hex-cifre hver, adskilt med "
            "komma), der erstatter dem, Folio leveres med, så organisationen kan signere "
            "sine egne builds. Bruges kun med Læsere sat til Gennemtvunget.",
        ),
        "min_app_version": (
            "Mindste appversion",
            "Under denne version (for eksempel 1.4.0) beder Folio læseren om at opdatere.",
        ),
        "language": ("Sprog", "Det sprog, Folio vises på."),
        "night_mode": ("Nattilstand", "Viser dokumenter med mørke sider."),
        "log_level": ("Logdetaljer", "Hvor meget Folios logfiler registrerer."),
    },
    "sv-SE": {
        "server_url": (
            "Serveradress",
            "Den Folio-server som enheten synkroniserar med, som en https://-adress. "
            "Tom: appen körs bara som demo.",
        ),
        "enrollment_code": (
            "Engångskod för registrering",
            "En engångskod som registrerar enheten vid första start. "
            "Enheten använder den en gång och skickar den aldrig igen.",
        ),
        "enrollment_token": (
            "Organisationens registreringstoken",
            "Organisationens registreringstoken, samma på alla enheter. Den är inte "
            "hemlig: den anger gruppen och gränsen för antal enheter, och varje läsare "
            "loggar ändå in med sitt eget lösenord eller sin engångskod för att registrera sig.",
        ),
        "asset_tag": (
            "Inventarienummer",
            "Organisationens inventarienummer för enheten; det ingår i enhetens namn i "
            "serverns enhetslista.",
        ),
        "auto_lock_minutes": (
            "Lås efter minuter utan användning",
            "Folio låser sig efter så här många minuter utan användning (1 till 240).",
        ),
        "max_pin_attempts": (
            "Felaktiga PIN-koder innan enheten raderas",
            "Efter så här många felaktiga PIN-koder raderar Folio mötesmaterialet på "
            "enheten (3 till 100). Gäller enheter som konfigureras efter ändringen.",
        ),
        "allow_copy_text": (
            "Kopiera text från dokument",
            "Om läsare får kopiera text.",
        ),
        "allow_export": (
            "Spara dokument utanför Folio",
            "Om läsare får spara ett dokument (med sina anteckningar) som en fil utanför "
            "Folios krypterade lagring.",
        ),
        "allow_print": ("Skriv ut dokument", "Om läsare får skriva ut dokument."),
        "watermark": (
            "Vattenmärk sidor med läsarens namn",
            "Skriver läsarens namn och dagens datum över varje sida som visas, "
            "så att de syns på varje skärmbild.",
        ),
        "retention_days_after_meeting": (
            "Radera mötespaket efter mötet (dagar)",
            "Folio raderar ett mötes paket från enheten så här många dagar efter mötet "
            "(0 till 3650); 0 behåller det. Går före serverns inställning.",
        ),
        "offline_grace_days": (
            "Dagar en enhet får vara offline",
            "Dagar utan kontakt med servern innan stängda punkter kräver en synkronisering "
            "för att öppnas (1 till 365). Går före serverns inställning.",
        ),
        "deadline_amber_hours": (
            "Tidsfristvarning (gul), timmar",
            "Ett ärende med tidsfrist inom så här många timmar visas gult i "
            "beslutsöversikten (1 till 720).",
        ),
        "deadline_red_hours": (
            "Tidsfristlarm (röd), timmar",
            "Ett ärende med tidsfrist inom så här många timmar visas rött i "
            "beslutsöversikten (1 till 720).",
        ),
        "decide_after_deadline": (
            "Besluta ärenden efter tidsfristen",
            "Om läsare fortfarande får besluta ett ärende vars tidsfrist har passerat, efter "
            "en varning. Servern kan avvisa ett beslut som kommer för sent.",
        ),
        "update_check": (
            "Sök efter nya versioner",
            "Om Folio söker efter nya versioner. Den meddelar bara läsaren; "
            "den installerar aldrig något.",
        ),
        "update_url": (
            "Adress för versionsinformation",
            "Var Folio hämtar signerad versionsinformation (https://). "
            "Tom: serveradressen följd av /v1/release.",
        ),
        "update_trusted_keys": (
            "Betrodda versionsnycklar",
            "Signeringsnycklar för versioner (Ed25519, 64 hexsiffror var, kommaseparerade) "
            "som ersätter de nycklar Folio levereras med, så att organisationen kan signera "
            "sina egna byggen. Används bara med Läsare satt till Tvingande.",
        ),
        "min_app_version": (
            "Lägsta appversion",
            "Under denna version (till exempel 1.4.0) ber Folio läsaren att uppdatera.",
        ),
        "language": ("Språk", "Det språk som Folio visas på."),
        "night_mode": ("Nattläge", "Visar dokument med mörka sidor."),
        "log_level": ("Loggdetaljer", "Hur mycket Folios loggfiler registrerar."),
    },
}

#: Per language: the words every policy shares.
COMMON: dict[str, dict[str, str]] = {
    "en-US": {
        "Folio": "Folio",
        "SUPPORTED_Folio": "Folio 0.1 and later",
        "description": "Folio meeting packs: machine policy",
        "value_label": "Value",
        "lock_label": "Readers",
        "lock_enforced": "Enforced: readers cannot change it",
        "lock_default": "Default: readers may change it",
        "bool_on": "On",
        "bool_off": "Off",
        "bool_allowed": "Allowed",
        "bool_not_allowed": "Not allowed",
        "enabled": "Enabled: the value chosen below applies.",
        "enabled_lock": (
            "With Readers set to Enforced, nothing on the device can change it "
            "(Settings shows it as managed by your organisation). With Default, it is "
            "the starting value and the reader's own setting, where Folio has one, wins."
        ),
        "disabled": (
            "Disabled or Not configured: Folio's built-in default applies and the reader "
            "decides. To forbid something, enable the policy and choose its value "
            "(for example Not allowed) with Enforced."
        ),
    },
    "da-DK": {
        "Folio": "Folio",
        "SUPPORTED_Folio": "Folio 0.1 og senere",
        "description": "Folio mødepakker: maskinpolitik",
        "value_label": "Værdi",
        "lock_label": "Læsere",
        "lock_enforced": "Gennemtvunget: læsere kan ikke ændre den",
        "lock_default": "Standard: læsere må ændre den",
        "bool_on": "Til",
        "bool_off": "Fra",
        "bool_allowed": "Tilladt",
        "bool_not_allowed": "Ikke tilladt",
        "enabled": "Aktiveret: den værdi, der vælges nedenfor, gælder.",
        "enabled_lock": (
            "Med Læsere sat til Gennemtvunget kan intet på enheden ændre den "
            "(Indstillinger viser den som styret af din organisation). Med Standard er den "
            "startværdien, og læserens egen indstilling, hvor Folio har en, går forud."
        ),
        "disabled": (
            "Deaktiveret eller Ikke konfigureret: Folios indbyggede standard gælder, og "
            "læseren bestemmer. For at forbyde noget skal politikken aktiveres og værdien "
            "vælges (for eksempel Ikke tilladt) med Gennemtvunget."
        ),
    },
    "sv-SE": {
        "Folio": "Folio",
        "SUPPORTED_Folio": "Folio 0.1 och senare",
        "description": "Folio mötespaket: datorprincip",
        "value_label": "Värde",
        "lock_label": "Läsare",
        "lock_enforced": "Tvingande: läsare kan inte ändra det",
        "lock_default": "Standard: läsare får ändra det",
        "bool_on": "På",
        "bool_off": "Av",
        "bool_allowed": "Tillåtet",
        "bool_not_allowed": "Inte tillåtet",
        "enabled": "Aktiverad: värdet som väljs nedan gäller.",
        "enabled_lock": (
            "Med Läsare satt till Tvingande kan inget på enheten ändra det "
            "(Inställningar visar det som hanterat av din organisation). Med Standard är det "
            "startvärdet, och läsarens egen inställning, där Folio har en, går före."
        ),
        "disabled": (
            "Inaktiverad eller Inte konfigurerad: Folios inbyggda standard gäller och "
            "läsaren bestämmer. För att förbjuda något aktiverar du principen och väljer "
            "värdet (till exempel Inte tillåtet) med Tvingande."
        ),
    },
}

#: Per language: the drop-down label of each text choice, by ``choice_id``.
CHOICE_TEXTS: dict[str, dict[str, str]] = {
    "en-US": {
        "language_system": "System language",
        "language_en": "English",
        "language_da": "Danish (dansk)",
        "language_sv": "Swedish (svenska)",
        "log_level_debug": "Debug (most detail)",
        "log_level_info": "Information",
        "log_level_warning": "Warnings",
        "log_level_error": "Errors only",
    },
    "da-DK": {
        "language_system": "Systemets sprog",
        "language_en": "Engelsk (English)",
        "language_da": "Dansk",
        "language_sv": "Svensk (svenska)",
        "log_level_debug": "Fejlsøgning (flest detaljer)",
        "log_level_info": "Information",
        "log_level_warning": "Advarsler",
        "log_level_error": "Kun fejl",
    },
    "sv-SE": {
        "language_system": "Systemets språk",
        "language_en": "Engelska (English)",
        "language_da": "Danska (dansk)",
        "language_sv": "Svenska",
        "log_level_debug": "Felsökning (mest detaljer)",
        "log_level_info": "Information",
        "log_level_warning": "Varningar",
        "log_level_error": "Endast fel",
    },
}


def policy_keys() -> list[Key]:
    return [k for k in KEYS if Source.POLICY in k.sources]


def choice_id(key: Key, choice: str) -> str:
    """String id of one text choice; the empty choice is spelt ``system``."""
    return f"{key.name}_{choice or 'system'}"


def bool_labels(key: Key) -> tuple[str, str]:
    """COMMON ids of the true and false labels."""
    if key.name in PERMISSIONS:
        return "bool_allowed", "bool_not_allowed"
    return "bool_on", "bool_off"


def _item(display: str, value: str) -> str:
    return f'          <item displayName="$(string.{display})"><value>{value}</value></item>\n'


def _value_element(key: Key) -> str:
    if key.type is bool:
        true_id, false_id = bool_labels(key)
        return (
            f'        <enum id="{key.name}_value" valueName="{key.name}" required="true">\n'
            + _item(f"{key.name}_{true_id}", '<decimal value="1" />')
            + _item(f"{key.name}_{false_id}", '<decimal value="0" />')
            + "        </enum>\n"
        )
    if key.choices:
        items = "".join(
            _item(choice_id(key, c), f"<string>{escape(c)}</string>") for c in key.choices
        )
        return (
            f'        <enum id="{key.name}_value" valueName="{key.name}" required="true">\n'
            f"{items}        </enum>\n"
        )
    if key.type is int:
        low = key.minimum if key.minimum is not None else 0
        high = key.maximum if key.maximum is not None else 2_000_000_000
        return (
            f'        <decimal id="{key.name}_value" valueName="{key.name}" required="true" '
            f'minValue="{low}" maxValue="{high}" />\n'
        )
    return (
        f'        <text id="{key.name}_value" valueName="{key.name}" required="true" '
        'maxLength="2048" />\n'
    )


def _lock_element(key: Key) -> str:
    if not key.lockable:
        return ""
    return (
        f'        <enum id="{key.name}_lock" key={quoteattr(LOCKED_KEY)} valueName="{key.name}" '
        'required="true">\n'
        + _item("lock_enforced", '<decimal value="1" />')
        + _item("lock_default", '<decimal value="0" />')
        + "        </enum>\n"
    )


def _disabled_list(key: Key) -> str:
    """Disabled removes the value and the lock, said outright rather than left to the editor."""
    places = [REGISTRY_KEY] + ([LOCKED_KEY] if key.lockable else [])
    items = "".join(
        f'        <item key={quoteattr(at)} valueName="{key.name}">'
        "<value><delete /></value></item>\n"
        for at in places
    )
    return f"      <disabledList>\n{items}      </disabledList>\n"


def admx() -> str:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        "<!-- Generated by packaging/windows/make_admx.py from sync/config/policy.py; "
        "do not edit. -->\n",
        '<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'revision="{REVISION}" schemaVersion="1.0" '
        'xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">\n',
        "  <policyNamespaces>\n",
        f'    <target prefix="folio" namespace="{NS}" />\n',
        "  </policyNamespaces>\n",
        f'  <resources minRequiredRevision="{REVISION}" />\n',
        "  <supportedOn>\n    <definitions>\n",
        '      <definition name="SUPPORTED_Folio" displayName="$(string.SUPPORTED_Folio)" />\n',
        "    </definitions>\n  </supportedOn>\n",
        "  <categories>\n",
        '    <category name="Folio" displayName="$(string.Folio)" />\n',
        "  </categories>\n",
        "  <policies>\n",
    ]
    for key in policy_keys():
        out.append(
            f'    <policy name="{key.name}" class="Machine" displayName="$(string.{key.name})" '
            f'explainText="$(string.{key.name}_Explain)" presentation="$(presentation.{key.name})" '
            f"key={quoteattr(REGISTRY_KEY)}>\n"
            '      <parentCategory ref="Folio" />\n'
            '      <supportedOn ref="SUPPORTED_Folio" />\n'
            f"{_disabled_list(key)}"
            f"      <elements>\n{_value_element(key)}{_lock_element(key)}      </elements>\n"
            "    </policy>\n"
        )
    out.append("  </policies>\n</policyDefinitions>\n")
    return "".join(out)


def key_text(key: Key, language: str) -> tuple[str, str]:
    """A key's display name and explanation; falls back to the English doc."""
    given = KEY_TEXTS[language].get(key.name) or KEY_TEXTS["en-US"].get(key.name)
    if given is not None:
        return given
    return key.name.replace("_", " ").capitalize(), key.doc


def _default_item(key: Key) -> int:
    if key.type is bool:
        return 0 if key.default else 1
    return key.choices.index(str(key.default))


def adml(language: str = "en-US") -> str:
    common = COMMON[language]
    choices = CHOICE_TEXTS[language]
    strings = [
        ("Folio", common["Folio"]),
        ("SUPPORTED_Folio", common["SUPPORTED_Folio"]),
        ("lock_enforced", common["lock_enforced"]),
        ("lock_default", common["lock_default"]),
    ]
    presentations: list[str] = []
    for key in policy_keys():
        title, what = key_text(key, language)
        strings.append((key.name, title))
        paragraphs = [what, common["enabled"]]
        if key.lockable:
            paragraphs.append(common["enabled_lock"])
        paragraphs.append(common["disabled"])
        strings.append((f"{key.name}_Explain", "\n\n".join(paragraphs)))
        if key.type is bool:
            for label in bool_labels(key):
                strings.append((f"{key.name}_{label}", common[label]))
        for choice in key.choices:
            cid = choice_id(key, choice)
            strings.append((cid, choices.get(cid, choice.capitalize() or cid)))
        label = escape(common["value_label"])
        parts: list[str] = []
        if key.type is bool or key.choices:
            parts.append(
                f'        <dropdownList refId="{key.name}_value" noSort="true" '
                f'defaultItem="{_default_item(key)}">{label}</dropdownList>\n'
            )
        elif key.type is int:
            parts.append(
                f'        <decimalTextBox refId="{key.name}_value" defaultValue="{key.default}">'
                f"{label}</decimalTextBox>\n"
            )
        else:
            parts.append(
                f'        <textBox refId="{key.name}_value"><label>{label}</label></textBox>\n'
            )
        if key.lockable:
            parts.append(
                f'        <dropdownList refId="{key.name}_lock" noSort="true" defaultItem="0">'
                f"{escape(common['lock_label'])}</dropdownList>\n"
            )
        presentations.append(
            f'      <presentation id="{key.name}">\n' + "".join(parts) + "      </presentation>\n"
        )
    string_lines = "".join(
        f'      <string id="{sid}">{escape(text)}</string>\n' for sid, text in strings
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        "<!-- Generated by packaging/windows/make_admx.py from sync/config/policy.py; "
        "do not edit. -->\n"
        '<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'revision="{REVISION}" schemaVersion="1.0" '
        'xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">\n'
        "  <displayName>Folio</displayName>\n"
        f"  <description>{escape(common['description'])}</description>\n"
        "  <resources>\n"
        "    <stringTable>\n"
        f"{string_lines}"
        "    </stringTable>\n"
        "    <presentationTable>\n"
        f"{''.join(presentations)}"
        "    </presentationTable>\n"
        "  </resources>\n"
        "</policyDefinitionResources>\n"
    )


def main() -> int:
    (HERE / "folio.admx").write_text(admx(), encoding="utf-8")
    for language in LANGUAGES:
        (HERE / language).mkdir(exist_ok=True)
        (HERE / language / "folio.adml").write_text(adml(language), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
