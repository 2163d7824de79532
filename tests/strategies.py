"""Shared hypothesis strategies: clean prose, clean structured documents, and the messy text
scrapers hand over."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from hypothesis import strategies as st

# Ordinary words in several scripts; none of them, alone or together, is boilerplate.
WORDS = [
    "the",
    "river",
    "report",
    "minister",
    "budget",
    "treaty",
    "village",
    "morning",
    "council",
    "harbour",
    "winter",
    "analysts",
    "weapons",
    "friendship",
    "cooperation",
    "garden",
    "doctor",
    "museum",
    "election",
    "farmers",
    "Stadt",
    "Regierung",
    "Bericht",
    "Woche",
    "Schule",
    "Kinder",
    "Wasser",
    "über",
    "Straße",
    "größer",
    "ville",
    "rapport",
    "semaine",
    "école",
    "été",
    "enfants",
    "précisé",
    "ciudad",
    "informe",
    "semana",
    "niños",
    "año",
    "señal",
    "город",
    "отчёт",
    "неделя",
    "школа",
    "дети",
    "πόλη",
    "έκθεση",
    "εβδομάδα",
    "城市",
    "报告",
    "星期",
    "学校",
]
NAMES = ["Anna", "Berlin", "Kyiv", "Warsaw", "Madrid", "Lyon", "Oslo", "NATO", "Kremlin", "Seoul"]

word = st.sampled_from(WORDS)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    """A capitalised sentence of 6 to 18 words ending with a full stop."""
    words = draw(st.lists(st.one_of(word, st.sampled_from(NAMES)), min_size=6, max_size=18))
    first = words[0][0].upper() + words[0][1:]
    return " ".join([first, *words[1:]]) + draw(st.sampled_from([".", ".", ".", "?", "!"]))


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))


@st.composite
def clean_prose(draw: st.DrawFn) -> str:
    """Tidy paragraphs of sentences, one blank line between them, one final newline."""
    paragraphs = st.lists(paragraph(), min_size=1, max_size=6, unique_by=str.casefold)
    return "\n\n".join(draw(paragraphs)) + "\n"


@dataclass(frozen=True)
class Language:
    """What structured documents in one language are made of, written out in full: ordinary
    content, none of which, alone or together, reads as boilerplate.

    Documents draw whole lines and runs of lines from these lists rather than single words, so
    a document costs a few draws (the guarantee is checked for many filters within the CI's
    time) and the lines of a block never repeat.
    """

    titles: tuple[str, ...]
    labels: tuple[str, ...]  # the line above a list
    items: tuple[str, ...]  # "- flour": 8 at least, so a list or a table column never repeats
    quantities: tuple[str, ...]  # bare list lines: "2 cups flour"
    table_labels: tuple[str, ...]  # the line above a table
    headers: dict[str, tuple[str, ...]]  # a table's header cells, by the kind of the column
    greetings: tuple[str, ...]
    sentences: tuple[str, ...]  # a paragraph, a line of dialogue
    letter: tuple[str, ...]  # the sentences of a letter's body
    closings: tuple[str, ...]
    people: tuple[str, ...]  # a full name, to sign a letter
    speakers: tuple[str, ...]  # a first name, to speak a line of dialogue
    question: str  # "Q:" and "A:" in English
    answer: str
    interview: tuple[tuple[str, str], ...]  # a question and its answer
    notes: tuple[str, ...]  # the short lines of a notice under its title


LANGUAGES = [
    Language(
        titles=("Winter Vegetable Soup", "Our Trip to the Coast", "Village Garden Club",
                "Summer Reading List", "Bread for Beginners", "Harbour Festival"),
        labels=("Ingredients:", "What you need:", "Shopping list:", "Equipment:"),
        items=("flour", "butter", "sugar", "salt", "fresh eggs", "warm water", "olive oil",
               "red onions", "garden herbs", "two lemons", "a wooden spoon", "dried apricots"),
        quantities=("2 cups flour", "1 tsp salt", "3 eggs", "250 ml milk", "1/2 lemon",
                    "100 g butter", "2 tbsp sugar", "1 pinch of nutmeg", "4 carrots"),
        table_labels=("Results:", "Timetable:", "Prices:"),
        headers={"word": ("Item", "Place", "Name", "Colour", "Type"),
                 "number": ("Amount", "Price", "Weight", "Count", "Total"),
                 "date": ("Date", "From", "Until", "Start", "End")},
        greetings=("Dear Ms Smith,", "Dear Mr Brown,", "Dear Anna,", "Dear friends,"),
        sentences=("We walked along the river this morning.",
                   "The market opens early on Saturdays.",
                   "The children planted tomatoes in the school garden.",
                   "My sister bakes bread every Sunday.",
                   "The museum stays shut until the end of the month.",
                   "It rained all week, so we stayed in the kitchen.",
                   "The new bridge will be finished in spring.",
                   "The harbour was full of small boats."),
        letter=("I hope you are well.", "We arrived home safely on Sunday.",
                "The children still talk about the trip.", "Please give my love to your parents.",
                "We would be glad to see you in the summer."),
        closings=("Yours sincerely,", "Best regards,", "Kind regards,", "With love,"),
        people=("Anna Smith", "John Brown", "Mary Jones"),
        speakers=("Anna", "John", "Mary", "Tom"),
        question="Q:",
        answer="A:",
        interview=(("When does the market open?", "At seven on Saturdays."),
                   ("How long should the dough rest?", "About an hour, in a warm place."),
                   ("Where did you grow up?", "In a small village by the sea."),
                   ("What do you cook in winter?", "Mostly soups and stews."),
                   ("Why did you choose this village?", "My grandparents lived here."),
                   ("Is the museum open on Sundays?",
                    "Yes, from ten in the morning until six in the evening."),
                   ("What did you bring back from the coast?",
                    "A basket of shells and a jar of honey from the market."),
                   ("How many people came to the festival?",
                    "More than two thousand, most of them from the villages nearby.")),
        notes=("Open daily from 9 to 5", "Entry free for children", "Bring warm clothes",
               "Meeting point at the harbour", "Tickets at the door"),
    ),
    Language(
        titles=("Kartoffelsuppe mit Lauch", "Unser Ausflug an die Küste", "Gartenverein Lindenhof",
                "Bücher für den Sommer", "Brot backen für Anfänger", "Hafenfest"),
        labels=("Zutaten:", "Was Sie brauchen:", "Einkaufsliste:", "Zubehör:"),
        items=("Mehl", "Butter", "Zucker", "Salz", "frische Eier", "warmes Wasser", "Olivenöl",
               "rote Zwiebeln", "Kräuter", "zwei Zitronen", "ein Holzlöffel", "Aprikosen"),
        quantities=("500 g Mehl", "1 TL Salz", "3 Eier", "250 ml Milch", "1/2 Zitrone",
                    "100 g Butter", "2 EL Zucker", "1 Prise Muskat", "4 Karotten"),
        table_labels=("Ergebnisse:", "Fahrplan:", "Preise:"),
        headers={"word": ("Artikel", "Ort", "Name", "Farbe", "Sorte"),
                 "number": ("Menge", "Preis", "Gewicht", "Anzahl", "Summe"),
                 "date": ("Datum", "Von", "Bis", "Beginn", "Ende")},
        greetings=("Liebe Anna,", "Lieber Thomas,", "Sehr geehrte Frau Weber,",
                   "Sehr geehrter Herr Braun,"),
        sentences=("Wir sind heute Morgen am Fluss entlang gegangen.",
                   "Der Markt öffnet samstags schon früh.",
                   "Die Kinder haben im Schulgarten Tomaten gepflanzt.",
                   "Meine Schwester backt jeden Sonntag Brot.",
                   "Das Museum bleibt bis zum Ende des Monats geschlossen.",
                   "Es hat die ganze Woche geregnet, also sind wir in der Küche geblieben.",
                   "Die neue Brücke wird im Frühjahr fertig.",
                   "Im Hafen lagen viele kleine Boote."),
        letter=("Ich hoffe, es geht dir gut.", "Wir sind am Sonntag gut zu Hause angekommen.",
                "Die Kinder erzählen noch immer von der Reise.", "Grüß bitte deine Eltern von mir.",
                "Wir würden uns freuen, dich im Sommer zu sehen."),
        closings=("Mit freundlichen Grüßen", "Viele Grüße", "Herzliche Grüße", "Liebe Grüße"),
        people=("Anna Weber", "Thomas Braun", "Julia Becker"),
        speakers=("Anna", "Thomas", "Julia", "Paul"),
        question="F:",
        answer="A:",
        interview=(("Wann öffnet der Markt?", "Samstags um sieben."),
                   ("Wie lange muss der Teig ruhen?", "Etwa eine Stunde, an einem warmen Ort."),
                   ("Wo sind Sie aufgewachsen?", "In einem kleinen Dorf am Meer."),
                   ("Was kochen Sie im Winter?", "Meistens Suppen und Eintöpfe."),
                   ("Warum haben Sie dieses Dorf gewählt?", "Meine Großeltern haben hier gelebt."),
                   ("Ist das Museum sonntags geöffnet?",
                    "Ja, von zehn Uhr morgens bis sechs Uhr abends."),
                   ("Was haben Sie von der Küste mitgebracht?",
                    "Einen Korb voller Muscheln und ein Glas Honig vom Markt."),
                   ("Wie viele Leute kamen zum Fest?",
                    "Mehr als zweitausend, die meisten aus den Dörfern in der Nähe.")),
        notes=("Täglich geöffnet von 9 bis 17 Uhr", "Eintritt für Kinder frei",
               "Bitte warme Kleidung mitbringen", "Treffpunkt am Hafen", "Karten an der Kasse"),
    ),
    Language(
        titles=("Soupe de légumes d'hiver", "Notre voyage sur la côte", "Club des jardiniers",
                "Lectures pour l'été", "Le pain pour débutants", "Fête du port"),
        labels=("Ingrédients :", "Ingrédients:", "Matériel :", "Liste des courses :"),
        items=("farine", "beurre", "sucre", "sel", "œufs frais", "eau tiède", "huile d'olive",
               "oignons rouges", "herbes", "deux citrons", "une cuillère en bois", "abricots"),
        quantities=("500 g de farine", "1 cuillère à café de sel", "3 œufs", "25 cl de lait",
                    "1/2 citron", "100 g de beurre", "2 cuillères de sucre",
                    "1 pincée de muscade", "4 carottes"),
        table_labels=("Résultats :", "Horaires :", "Tarifs :"),
        headers={"word": ("Article", "Lieu", "Nom", "Couleur", "Sorte"),
                 "number": ("Quantité", "Prix", "Poids", "Nombre", "Total"),
                 "date": ("Date", "Du", "Au", "Début", "Fin")},
        greetings=("Chère Marie,", "Cher Paul,", "Chère Madame Dubois,", "Monsieur,"),
        sentences=("Nous avons marché le long de la rivière ce matin.",
                   "Le marché ouvre tôt le samedi.",
                   "Les enfants ont planté des tomates dans le jardin de l'école.",
                   "Ma sœur fait du pain tous les dimanches.",
                   "Le musée reste fermé jusqu'à la fin du mois.",
                   "Il a plu toute la semaine, alors nous sommes restés dans la cuisine.",
                   "Le nouveau pont sera terminé au printemps.",
                   "Le port était plein de petits bateaux."),
        letter=("J'espère que tu vas bien.", "Nous sommes bien rentrés dimanche.",
                "Les enfants parlent encore du voyage.", "Embrasse tes parents de ma part.",
                "Nous serions heureux de te voir cet été."),
        closings=("Cordialement,", "Bien à vous,", "Amicalement,", "Je t'embrasse,"),
        people=("Marie Dubois", "Paul Martin", "Claire Petit"),
        speakers=("Marie", "Paul", "Claire", "Luc"),
        question="Q :",
        answer="R :",
        interview=(("Quand le marché ouvre-t-il ?", "À sept heures le samedi."),
                   ("Combien de temps la pâte doit-elle reposer ?",
                    "Environ une heure, dans un endroit chaud."),
                   ("Où avez-vous grandi ?", "Dans un petit village au bord de la mer."),
                   ("Que cuisinez-vous en hiver ?", "Surtout des soupes et des ragoûts."),
                   ("Pourquoi avoir choisi ce village ?", "Mes grands-parents vivaient ici."),
                   ("Le musée est-il ouvert le dimanche ?",
                    "Oui, de dix heures du matin à six heures du soir."),
                   ("Qu'avez-vous rapporté de la côte ?",
                    "Un panier de coquillages et un pot de miel du marché."),
                   ("Combien de personnes sont venues à la fête ?",
                    "Plus de deux mille, surtout des villages voisins.")),
        notes=("Ouvert tous les jours de 9 h à 17 h", "Entrée libre pour les enfants",
               "Prévoir des vêtements chauds", "Rendez-vous au port", "Billets sur place"),
    ),
    Language(
        titles=("Sopa de verduras de invierno", "Nuestro viaje a la costa", "Club de jardinería",
                "Libros para el verano", "Pan para principiantes", "Fiesta del puerto"),
        labels=("Ingredientes:", "Lo que necesitas:", "Lista de la compra:", "Utensilios:"),
        items=("harina", "mantequilla", "azúcar", "sal", "huevos frescos", "agua tibia",
               "aceite de oliva", "cebollas rojas", "hierbas", "dos limones",
               "una cuchara de madera", "albaricoques"),
        quantities=("500 g de harina", "1 cucharadita de sal", "3 huevos", "250 ml de leche",
                    "1/2 limón", "100 g de mantequilla", "2 cucharadas de azúcar",
                    "1 pizca de nuez moscada", "4 zanahorias"),
        table_labels=("Resultados:", "Horario:", "Precios:"),
        headers={"word": ("Artículo", "Lugar", "Nombre", "Color", "Tipo"),
                 "number": ("Cantidad", "Precio", "Peso", "Número", "Total"),
                 "date": ("Fecha", "Desde", "Hasta", "Inicio", "Fin")},
        greetings=("Querida Lucía,", "Querido Pablo,", "Estimada señora López,",
                   "Estimado señor García,"),
        sentences=("Esta mañana caminamos junto al río.", "El mercado abre temprano los sábados.",
                   "Los niños plantaron tomates en el huerto de la escuela.",
                   "Mi hermana hace pan todos los domingos.",
                   "El museo sigue cerrado hasta final de mes.",
                   "Llovió toda la semana, así que nos quedamos en la cocina.",
                   "El puente nuevo estará terminado en primavera.",
                   "El puerto estaba lleno de barcos pequeños."),
        letter=("Espero que estés bien.", "Llegamos bien a casa el domingo.",
                "Los niños todavía hablan del viaje.", "Dales recuerdos a tus padres.",
                "Nos encantaría verte en verano."),
        closings=("Atentamente,", "Un saludo,", "Un abrazo,", "Saludos cordiales,"),
        people=("Lucía López", "Pablo García", "Elena Ruiz"),
        speakers=("Lucía", "Pablo", "Elena", "Carlos"),
        question="P:",
        answer="R:",
        interview=(("¿Cuándo abre el mercado?", "A las siete los sábados."),
                   ("¿Cuánto tiempo debe reposar la masa?",
                    "Más o menos una hora, en un sitio cálido."),
                   ("¿Dónde creció usted?", "En un pueblo pequeño junto al mar."),
                   ("¿Qué cocina usted en invierno?", "Sobre todo sopas y guisos."),
                   ("¿Por qué eligió este pueblo?", "Mis abuelos vivían aquí."),
                   ("¿Abre el museo los domingos?", "Sí, de diez de la mañana a seis de la tarde."),
                   ("¿Qué trajo usted de la costa?",
                    "Una cesta de conchas y un tarro de miel del mercado."),
                   ("¿Cuántas personas vinieron a la fiesta?",
                    "Más de dos mil, la mayoría de los pueblos cercanos.")),
        notes=("Abierto todos los días de 9 a 17 h", "Entrada gratuita para niños",
               "Traer ropa de abrigo", "Punto de encuentro en el puerto", "Entradas en taquilla"),
    ),
]  # fmt: skip

# Table cells besides the items: 8 values at least, so a column never repeats a value.
NUMBERS = ("3", "12", "250", "1,200", "4.5", "0.75", "18", "96", "7", "1,050")
DATES = ("2024-03-01", "2024-03-08", "2024-03-15", "2024-03-22", "2024-04-05", "2024-04-12",
         "2024-05-03", "2024-06-14", "2024-07-01", "2024-09-30")  # fmt: skip


T = TypeVar("T")


def _pick(draw: st.DrawFn, pool: Sequence[T]) -> T:
    """One entry of ``pool``, as ``st.sampled_from`` would draw it but without building a
    strategy for each draw (which costs more than the draw)."""
    return pool[draw(st.integers(0, len(pool) - 1))]


def _run(draw: st.DrawFn, pool: tuple[T, ...], low: int, high: int) -> list[T]:
    """``low`` to ``high`` different entries of ``pool``, one after the other (wrapping round):
    one draw however long the run, which shrinks to the shortest run from the first entry."""
    counts = min(high, len(pool)) - low + 1
    count, start = divmod(draw(st.integers(0, counts * len(pool) - 1)), len(pool))
    return [pool[(start + k) % len(pool)] for k in range(low + count)]


# The helpers below draw the blocks of :func:`clean_structured`. They are plain functions of
# ``draw``, not strategies of their own: a strategy built for every block would cost more than
# the draws, and the guarantee is checked for many filters within the CI's time.

LIST_SHAPES = ("- ", "* ", "• ", "1. ", "1) ", "")  # "" for bare lines: "2 cups flour"


def _list(draw: st.DrawFn, language: Language) -> str:
    """A label line ending in a colon, then 2 to 8 items of one shape, one per line."""
    shape = _pick(draw, LIST_SHAPES)
    items = _run(draw, language.quantities if shape == "" else language.items, 2, 8)
    if shape in ("1. ", "1) "):
        items = [f"{n}{shape[1:]}{item}" for n, item in enumerate(items, start=1)]
    else:
        items = [shape + item for item in items]
    return "\n".join([_pick(draw, language.labels), *items])


# The columns of a table by its width (2 to 5), each of numbers, words or dates; and how its
# cells are set: by tabs or by bars, with outer bars or not, with a header row or not.
COLUMNS = {
    width: tuple(itertools.product(("number", "word", "date"), repeat=width))
    for width in range(2, 6)
}
TABLE_STYLES = tuple(itertools.product(("tabs", "bars", "outer bars"), (False, True)))


def _table(draw: st.DrawFn, language: Language) -> str:
    """2 to 8 rows of 2 to 5 cells, each column of numbers, words or dates; the cells joined by
    tabs or by " | " (Markdown style, perhaps with outer bars and a rule under the header)."""
    pools = {"number": NUMBERS, "word": language.items, "date": DATES}
    rows = draw(st.integers(2, 8))
    kinds = _pick(draw, COLUMNS[draw(st.integers(2, 5))])
    start = draw(st.integers(0, 9))  # each column starts elsewhere in its pool: one draw for all
    table = [
        [pools[kind][(start + 7 * n + row) % len(pools[kind])] for n, kind in enumerate(kinds)]
        for row in range(rows)
    ]
    style, header = _pick(draw, TABLE_STYLES)
    if header:
        table.insert(0, [language.headers[kind][n] for n, kind in enumerate(kinds)])
    lines = [_pick(draw, language.table_labels)] if draw(st.booleans()) else []
    for n, row in enumerate(table):
        if style == "tabs":
            lines.append("\t".join(row))
            continue
        lines.append(f"| {' | '.join(row)} |" if style == "outer bars" else " | ".join(row))
        if header and n == 0:
            rule = "|".join(["---"] * len(kinds))
            lines.append(f"|{rule}|" if style == "outer bars" else rule)
    return "\n".join(lines)


def _letter(draw: st.DrawFn, language: Language) -> str:
    """A greeting, a paragraph of sentences, a closing line with the name under it."""
    body = " ".join(_run(draw, language.letter, 1, 4))
    closing = [_pick(draw, language.closings), _pick(draw, language.people)]
    return "\n\n".join([_pick(draw, language.greetings), body, "\n".join(closing)])


def _interview(draw: st.DrawFn, language: Language) -> str:
    """Questions and answers ("Q: ...?" / "A: ..."), or dialogue ("Anna: ..."), line by line."""
    if draw(st.booleans()):
        speakers = _run(draw, language.speakers, 2, 2)
        lines = _run(draw, language.sentences, 2, 6)
        return "\n".join(f"{speakers[n % 2]}: {line}" for n, line in enumerate(lines))
    pairs = [
        f"{language.question} {question}\n{language.answer} {answer}"
        for question, answer in _run(draw, language.interview, 1, 3)
    ]
    return ("\n\n" if draw(st.booleans()) else "\n").join(pairs)


def _paragraph(draw: st.DrawFn, language: Language) -> str:
    """One to four sentences. (Not :func:`paragraph`: its sentences cost some forty draws each
    and mix scripts, and ``clean_prose`` checks them already.)"""
    return " ".join(_run(draw, language.sentences, 1, 4))


BLOCKS = (_list, _table, _letter, _interview, _paragraph)


@st.composite
def clean_structured(draw: st.DrawFn) -> str:
    """Clean structured documents as a person writes them: a title, a list under a label, a
    table, a letter, questions and answers or dialogue, paragraphs; or a short document of a
    title and 1 to 3 short lines or one sentence. One blank line between blocks, one final
    newline, no line twice."""
    language = _pick(draw, LANGUAGES)
    title = _pick(draw, language.titles)
    if draw(st.integers(0, 4)) == 0:  # a short document
        if draw(st.booleans()):
            lines = _run(draw, language.notes, 1, 3)
        else:
            lines = [_pick(draw, language.sentences)]
        return title + "\n\n" + "\n".join(lines) + "\n"
    blocks: list[str] = []
    kinds = set()
    # Up to four blocks, each drawn right after its kind, so that the shrinker drops a block by
    # dropping the draws in a row; a kind drawn again adds nothing (it could repeat a line).
    for _ in range(4):
        if blocks and draw(st.integers(0, 3)) == 0:
            break
        kind = _pick(draw, BLOCKS)
        if kind not in kinds:
            kinds.add(kind)
            blocks.append(kind(draw, language))
    return "\n\n".join(([title] if draw(st.booleans()) else []) + blocks) + "\n"


# Lines a scraper hands over around the content.
SCRAPED_LINES = [
    "Leave a Comment",
    "Leave a Reply",
    "Comments are closed.",
    "- Advertisement -",
    "Your email address will not be published. Required fields are marked *",
    "Last Updated on June 21, 2024 9:15 am",
    "Cover: Shutterstock",
    "#DefeatRussia",
    "March 21,2024 490",
    "Read also:",
    "Read more: Ukraine war: what the map shows",
    "UKRAINIAN WORLD CONGRESS",
    "icon",
    "Russia separated from western countries",
    "Why is America objected to\u00a0From Russia",
    "the whole plan",
    "Dear Anna,",
    "- first item",
    "1. second item",
    "",
    "",
    "&rsquo; & rsquo; &amp;rsquo; &amp;amp; &EACUTE; &copy 2024 AT&T",
    "Ã©tÃ© â€” worldâ€™s",
    "\u200b\ufeff\u00ad\u200d\u200c\u200f",
    "  \t spaced   out \t ",
    "<br> <p>tag</p>",
    # Words broken at a line end, and the rest of them.
    "the inter-",
    "national treaty",
    "a well-",
    "known fact",
]

messy_line = st.one_of(
    st.sampled_from(SCRAPED_LINES),
    sentence(),
    paragraph(),
    st.text(max_size=40),
)


@st.composite
def messy_text(draw: st.DrawFn) -> str:
    """Scraped-looking text: content, boilerplate, broken entities, odd whitespace and endings."""
    lines = draw(st.lists(messy_line, max_size=14))
    if lines and draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), lines[0])  # a repeated title
    ending = draw(st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\u2028"]))
    return ending.join(lines) + draw(st.sampled_from(["", "\n", "\n\n", " "]))


# Any text at all, messy text, and tidy text with one final newline.
any_text = st.one_of(st.text(), messy_text())
