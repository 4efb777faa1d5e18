"""The content schema, declared once: every key of every YAML section with its French meaning."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Key:
    required: bool
    kind: str
    doc: str


SCHEMA_VERSION_KEY = "version_format"
SCHEMA_VERSION = 1
"""The version of the content format this program reads. Raise it (and write the new value in projet.yaml)
when a change of the schema would make older editions unreadable: `comparer` then names the edition it cannot
read instead of reporting a cascade of errors."""

T, D, L, M = "texte", "date (AAAA-MM ou AAAA-MM-JJ)", "liste", "dictionnaire"

SCHEMA: dict[str, dict[str, Key]] = {
    "projet": {
        "titre": Key(True, T, "titre du document"),
        "institution": Key(True, T, "nom de la collectivité"),
        "devise": Key(True, "liste de textes", "devise, une ligne par élément"),
        "edition": Key(True, T, "mention d'édition imprimée en couverture"),
        "date": Key(True, D, "date d'édition : date des métadonnées et des fichiers"),
        "conseil": Key(True, M, "séance pour laquelle la présentation est faite"),
        "libelles": Key(True, M, "intitulés des rubriques imprimés dans les documents"),
        SCHEMA_VERSION_KEY: Key(False, "nombre", "version du format du contenu (1 ; ne la changez pas à la main)"),
    },
    "conseil": {
        "instance": Key(True, T, "instance qui se réunit (ex. Conseil communautaire)"),
        "date": Key(True, D, "date de la séance"),
    },
    "libelles": {
        "avancement": Key(True, T, "titre de la page du calendrier"),
        "objectif_processus": Key(True, T, "titre de la page contexte et objectifs"),
        "contexte": Key(True, T, "intitulé du contexte"),
        "objectifs_demarche": Key(True, T, "intitulé des objectifs de la démarche"),
        "structuration": Key(True, T, "titre de la page de synthèse"),
        "synthese": Key(True, T, "sous-titre de la page de synthèse"),
        "ambition_synoptique": Key(True, T, "bandeau « Ambition » de la page de synthèse"),
        "programme": Key(True, T, "titre du programme d'actions détaillé"),
        "colonne_orientations": Key(True, T, "en-tête de la colonne des orientations"),
        "colonne_actions": Key(True, T, "en-tête de la colonne des objectifs et actions"),
    },
    "demarche": {
        "contexte": Key(True, "liste de textes", "points du contexte"),
        "objectifs": Key(True, "liste", "objectifs de la démarche (titre, points)"),
        "calendrier": Key(True, M, "calendrier de la démarche"),
    },
    "point": {
        "titre": Key(True, T, "intitulé du point"),
        "points": Key(False, "liste de textes", "sous-points"),
    },
    "calendrier": {
        "avancement": Key(True, D, "où en est la démarche (marqueur « Avancement »)"),
        "phases": Key(True, L, "les grandes phases, dans l'ordre"),
    },
    "phase": {
        "id": Key(True, "identifiant", "identifiant stable de la phase"),
        "titre": Key(True, T, "intitulé de la phase"),
        "debut": Key(True, D, "début"),
        "fin": Key(True, D, "fin"),
        "etapes": Key(False, L, "étapes numérotées de la phase"),
        "jalons": Key(False, L, "rendez-vous datés de la phase"),
    },
    "etape": {
        "titre": Key(True, T, "intitulé"),
        "detail": Key(False, T, "précision (questionnaire, auditions…)"),
        "debut": Key(True, D, "début, ou date unique"),
        "fin": Key(False, D, "fin (absente pour un seul jour ou un seul mois)"),
    },
    "ambition": {
        "introduction": Key(True, "liste de textes", "paragraphes avant les défis"),
        "defis": Key(True, L, "les défis (titre, points)"),
        "conclusion": Key(True, T, "paragraphe qui annonce les axes"),
    },
    "accessibilite": {
        "etat": Key(True, T, "état de conformité : non conforme, partiellement conforme ou totalement conforme"),
        "date": Key(True, D, "date de la déclaration (AAAA-MM-JJ)"),
        "referentiel": Key(True, T, "référentiel et version utilisés (ex. RGAA 4.1.2)"),
        "resultats": Key(True, T, "résultat de l'audit, en une phrase"),
        "non_conformites": Key(False, "liste de textes", "contenus non conformes et pourquoi"),
        "derogations": Key(False, "liste de textes", "dérogations pour charge disproportionnée"),
        "hors_champ": Key(False, "liste de textes", "contenus non soumis à l'obligation"),
        "contact": Key(True, M, "où signaler un défaut d'accessibilité : courriel, adresse, formulaire"),
        "recours": Key(True, "liste de textes", "voies de recours auprès du Défenseur des droits"),
    },
    "contact": {
        "courriel": Key(True, T, "adresse électronique du référent accessibilité"),
        "adresse": Key(True, T, "adresse postale"),
        "formulaire": Key(False, T, "adresse (https://…) d'un formulaire de contact"),
    },
    "axe": {
        "id": Key(True, "identifiant", "identifiant stable de l'axe"),
        "titre": Key(True, T, "intitulé de l'axe"),
        "orientations": Key(True, L, "orientations de l'axe"),
    },
    "orientation": {
        "id": Key(True, "identifiant", "identifiant stable de l'orientation"),
        "titre": Key(True, T, "intitulé du programme détaillé"),
        "titre_synoptique": Key(False, T, "intitulé court de la synthèse, s'il diffère"),
        "objectifs": Key(True, L, "objectifs de l'orientation"),
    },
    "objectif": {
        "id": Key(True, "identifiant", "identifiant stable de l'objectif"),
        "titre": Key(True, T, "intitulé du programme détaillé"),
        "titre_synoptique": Key(False, T, "intitulé court de la synthèse, s'il diffère"),
        "lieux": Key(False, "liste de textes", "communes ou lieux nommés après l'intitulé"),
        "actions": Key(False, L, "actions (ou bien « groupes »)"),
        "groupes": Key(False, L, "sous-groupes d'actions (ou bien « actions »)"),
    },
    "groupe": {
        "titre": Key(True, T, "intitulé du sous-groupe"),
        "actions": Key(False, L, "actions du sous-groupe (peut être vide)"),
    },
    "action": {
        "id": Key(False, "identifiant", "identifiant stable A001, A002… (absent pour une reprise)"),
        "texte": Key(False, T, "texte de l'action (facultatif pour une reprise)"),
        "reprise": Key(False, "identifiant", "identifiant d'une action écrite ailleurs et répétée ici"),
    },
}

# assets/theme.yaml, read with the same located reader as the content.
C, F = "couleur #RRGGBB", "fichier dans assets/"
SCHEMA |= {
    "theme": {
        "couleurs": Key(True, M, "couleurs du thème (#RRGGBB)"),
        "polices": Key(True, M, "familles et fichiers des polices"),
        "logo": Key(True, F, "logo SVG, dans assets/"),
        "logo_alt": Key(True, T, "texte alternatif du logo (lu par les lecteurs d'écran)"),
        "impression": Key(False, M, "fichiers pour l'imprimeur (python3 build.py imprimeur)"),
    },
    "impression": {
        "profil": Key(False, F, "profil ICC CMJN du papier (celui de l'imprimeur), dans assets/"),
        "cmjn": Key(False, M, 'valeurs CMJN réglées à la main : « "#RRGGBB": [C, M, J, N] », de 0 à 100'),
    },
    "couleurs": {
        "principale": Key(True, C, "titres, couverture"),
        "accent": Key(True, C, "marqueur « Avancement », filets"),
        "texte": Key(True, C, "texte courant"),
        "fond_clair": Key(True, C, "fonds clairs"),
        "discret": Key(False, C, "identifiants d'action, mentions secondaires (contraste 4,5:1 au moins)"),
        "axes": Key(True, "liste de couleurs", "une couleur par axe, dans l'ordre (la liste recommence)"),
    },
    "polices": {
        "texte": Key(True, T, "famille du texte courant"),
        "titres": Key(True, T, "famille des titres"),
        "fichiers": Key(True, M, "fichiers TrueType/OpenType des graisses"),
    },
    "fichiers": {
        "normal": Key(True, F, "texte courant"),
        "italique": Key(True, F, "italique"),
        "gras": Key(True, F, "gras"),
        "noir": Key(True, F, "très gras (titres)"),
    },
}
