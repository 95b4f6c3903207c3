<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="da_DK">
<context>
    <name>AnnotationBar</name>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="50"/>
        <source>Annotation tools</source>
        <translation>Værktøjer til noter</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="56"/>
        <source>Read</source>
        <translation>Læs</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="57"/>
        <source>Highlighter</source>
        <translation>Overstregningspen</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="58"/>
        <source>Pen</source>
        <translation>Pen</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="59"/>
        <source>Sticky note</source>
        <translation>Notesblok</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="60"/>
        <source>Text note</source>
        <translation>Tekstnote</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="61"/>
        <source>Eraser</source>
        <translation>Viskelæder</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="62"/>
        <source>Select</source>
        <translation>Vælg</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="72"/>
        <location filename="../../desktop/viewer/annotation_bar.py" line="73"/>
        <source>Colour</source>
        <translation>Farve</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="75"/>
        <source>Yellow</source>
        <translation>Gul</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="76"/>
        <source>Green</source>
        <translation>Grøn</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="77"/>
        <source>Blue</source>
        <translation>Blå</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="78"/>
        <source>Pink</source>
        <translation>Lyserød</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="79"/>
        <source>Red</source>
        <translation>Rød</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="80"/>
        <source>Black</source>
        <translation>Sort</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="86"/>
        <location filename="../../desktop/viewer/annotation_bar.py" line="87"/>
        <source>Who sees new marks</source>
        <translation>Hvem ser nye markeringer</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="88"/>
        <source>Private</source>
        <translation>Privat</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="89"/>
        <source>Share with committee</source>
        <translation>Del med udvalget</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="90"/>
        <source>Share with secretariat</source>
        <translation>Del med sekretariatet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="92"/>
        <source>Undo</source>
        <translation>Fortryd</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="93"/>
        <source>Redo</source>
        <translation>Gentag</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="94"/>
        <source>Delete</source>
        <translation>Slet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="95"/>
        <source>Edit note</source>
        <translation>Redigér note</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="96"/>
        <source>Read and change the selected note&apos;s text</source>
        <translation>Læs og ret teksten i den valgte note</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="98"/>
        <source>Annotation status</source>
        <translation>Status for noter</translation>
    </message>
</context>
<context>
    <name>Annotator</name>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="162"/>
        <source>Erase stroke</source>
        <translation>Slet streg</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="163"/>
        <location filename="../../desktop/viewer/annotator.py" line="283"/>
        <source>Delete mark</source>
        <translation>Slet markering</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="373"/>
        <source>Sticky note</source>
        <translation>Notesblok</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="373"/>
        <source>Text note</source>
        <translation>Tekstnote</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="297"/>
        <source>Edit note</source>
        <translation>Redigér note</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="194"/>
        <source>Change who sees it</source>
        <translation>Skift hvem der ser den</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="310"/>
        <source>Pen stroke</source>
        <translation>Penstreg</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="336"/>
        <source>No text there to highlight.</source>
        <translation>Der er ingen tekst at overstrege der.</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="349"/>
        <source>Highlight</source>
        <translation>Overstregning</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="369"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="375"/>
        <source>Your note:</source>
        <translation>Din note:</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="375"/>
        <source>Save note</source>
        <translation>Gem note</translation>
    </message>
</context>
<context>
    <name>BusyPage</name>
    <message>
        <location filename="../../desktop/screens/start.py" line="320"/>
        <source>Progress</source>
        <translation>Fremskridt</translation>
    </message>
</context>
<context>
    <name>ChangedBanner</name>
    <message>
        <location filename="../../desktop/viewer/changed_banner.py" line="30"/>
        <source>What changed</source>
        <translation>Hvad er ændret</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/changed_banner.py" line="60"/>
        <source>New version: page(s) %1 changed.</source>
        <translation>Ny version: side(r) %1 er ændret.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/viewer/changed_banner.py" line="64"/>
        <source>%n note(s) moved</source>
        <translation>
            <numerusform>%n note flyttet</numerusform>
            <numerusform>%n noter flyttet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/viewer/changed_banner.py" line="64"/>
        <source>%n need(s) you</source>
        <translation>
            <numerusform>%n kræver dig</numerusform>
            <numerusform>%n kræver dig</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClampedTitle</name>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="135"/>
        <source>Tap to show the whole title</source>
        <translation>Tryk for at se hele titlen</translation>
    </message>
</context>
<context>
    <name>CommentThread</name>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="301"/>
        <source>Comments on %1&apos;s mark on page %2</source>
        <translation>Kommentarer til markeringen fra %1 på side %2</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="232"/>
        <source>What these comments are on</source>
        <translation>Hvad kommentarerne handler om</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="237"/>
        <source>Comments</source>
        <translation>Kommentarer</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="239"/>
        <source>Write a comment</source>
        <translation>Skriv en kommentar</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="240"/>
        <source>Write a comment. It is sent when you are online.</source>
        <translation>Skriv en kommentar. Den sendes, når du er online.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="243"/>
        <source>Send comment</source>
        <translation>Send kommentar</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="244"/>
        <source>Reply to selected</source>
        <translation>Svar på den valgte</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="249"/>
        <source>Comment status</source>
        <translation>Status for kommentar</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="290"/>
        <source>This mark is private. Share it with the committee or secretariat to comment on it.</source>
        <translation>Denne markering er privat. Del den med udvalget eller sekretariatet for at kommentere den.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="362"/>
        <source>No comments yet.</source>
        <translation>Ingen kommentarer endnu.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="371"/>
        <source>Choose the comment to reply to first.</source>
        <translation>Vælg først den kommentar, du vil svare på.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="384"/>
        <source>Saved. It is sent when you are online.</source>
        <translation>Gemt. Den sendes, når du er online.</translation>
    </message>
</context>
<context>
    <name>DecisionsPage</name>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="90"/>
        <location filename="../../desktop/screens/decisions.py" line="153"/>
        <source>Decisions</source>
        <translation>Beslutninger</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="92"/>
        <source>Cases to decide</source>
        <translation>Sager til beslutning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="93"/>
        <source>Deadline</source>
        <translation>Frist</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="93"/>
        <location filename="../../desktop/screens/decisions.py" line="141"/>
        <source>Case</source>
        <translation>Sag</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="93"/>
        <source>Your decision</source>
        <translation>Din beslutning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="104"/>
        <source>Case description</source>
        <translation>Beskrivelse af sagen</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="112"/>
        <location filename="../../desktop/screens/decisions.py" line="379"/>
        <source>Approve</source>
        <translation>Godkend</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="113"/>
        <location filename="../../desktop/screens/decisions.py" line="382"/>
        <source>Reject</source>
        <translation>Afvis</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="114"/>
        <source>Approve with a remark…</source>
        <translation>Godkend med en bemærkning…</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="120"/>
        <source>Decision status</source>
        <translation>Status for beslutning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="132"/>
        <source>Comments on this case</source>
        <translation>Kommentarer til sagen</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="136"/>
        <source>Past decisions</source>
        <translation>Tidligere beslutninger</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="142"/>
        <source>Decision</source>
        <translation>Beslutning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="143"/>
        <source>Made</source>
        <translation>Truffet</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="144"/>
        <source>Confirmed</source>
        <translation>Bekræftet</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="145"/>
        <source>Receipt</source>
        <translation>Kvittering</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="154"/>
        <source>To decide</source>
        <translation>Til beslutning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="155"/>
        <source>History and receipts</source>
        <translation>Historik og kvitteringer</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="202"/>
        <source>Not decided yet</source>
        <translation>Ikke besluttet endnu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="263"/>
        <source>You have decided this case; the history tab keeps the receipt.</source>
        <translation>Du har truffet beslutning i denne sag; fanen Historik gemmer kvitteringen.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="401"/>
        <source>Decision saved. It is sent when you are online.</source>
        <translation>Beslutningen er gemt. Den sendes, når du er online.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="329"/>
        <source>Approve with a remark</source>
        <translation>Godkend med en bemærkning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="109"/>
        <source>Meeting of this case</source>
        <translation>Sagens møde</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="110"/>
        <source>Open documents</source>
        <translation>Åbn dokumenter</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="279"/>
        <source>Meeting: %1 · agenda item %2</source>
        <translation>Møde: %1 · dagsordenspunkt %2</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="283"/>
        <source>Meeting: %1</source>
        <translation>Møde: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="288"/>
        <source>The deadline passed on %1. Your organisation still lets you decide, but the server normally refuses a decision that arrives after the deadline; Folio then shows it as refused.</source>
        <translation>Fristen udløb %1. Din organisation lader dig stadig beslutte, men serveren afviser normalt en beslutning, der kommer efter fristen; Folio viser den så som afvist.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="330"/>
        <source>Your remark, sent with your approval of %1:</source>
        <translation>Din bemærkning, som sendes med din godkendelse af %1:</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="333"/>
        <source>Next</source>
        <translation>Næste</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="348"/>
        <source>case %1: %2</source>
        <translation>sag %1: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="357"/>
        <source>Approve %1?</source>
        <translation>Godkend %1?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="357"/>
        <source>Reject %1?</source>
        <translation>Afvis %1?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="360"/>
        <source>Your remark: “%1”</source>
        <translation>Din bemærkning: “%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="363"/>
        <source>Your decision is sent when this device is online. It cannot be changed once it is made.</source>
        <translation>Din beslutning sendes, når enheden er online. Den kan ikke ændres, når den er truffet.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="373"/>
        <source>By this device&apos;s clock the deadline has passed. If your decision reaches the server after the deadline, it is refused.</source>
        <translation>Efter denne enheds ur er fristen udløbet. Hvis din beslutning når serveren efter fristen, bliver den afvist.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="379"/>
        <source>Approve case %1</source>
        <translation>Godkend sag %1</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="382"/>
        <source>Reject case %1</source>
        <translation>Afvis sag %1</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <location filename="../../desktop/viewer/document_viewer.py" line="104"/>
        <source>Document message</source>
        <translation>Besked om dokumentet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/document_viewer.py" line="140"/>
        <source>Choose a document from the agenda.</source>
        <translation>Vælg et dokument på dagsordenen.</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/document_viewer.py" line="173"/>
        <source>Opening “%1”…</source>
        <translation>Åbner “%1”…</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="38"/>
        <location filename="../../desktop/viewer/find_bar.py" line="39"/>
        <source>Find in document</source>
        <translation>Find i dokumentet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="43"/>
        <source>Previous</source>
        <translation>Forrige</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="43"/>
        <source>Previous match</source>
        <translation>Forrige fund</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="44"/>
        <source>Next</source>
        <translation>Næste</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="44"/>
        <source>Next match</source>
        <translation>Næste fund</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="48"/>
        <source>Matches</source>
        <translation>Fund</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="49"/>
        <source>Close find</source>
        <translation>Luk søgning</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="106"/>
        <source>Searching…</source>
        <translation>Søger…</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="124"/>
        <source>No matches</source>
        <translation>Ingen fund</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="144"/>
        <source>%1 of %2</source>
        <translation>%1 af %2</translation>
    </message>
</context>
<context>
    <name>GoToPageSheet</name>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="120"/>
        <source>Go to page</source>
        <translation>Gå til side</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="122"/>
        <source>This document has %1 pages.</source>
        <translation>Dokumentet har %1 sider.</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="129"/>
        <source>Page number</source>
        <translation>Sidetal</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="135"/>
        <source>Go</source>
        <translation>Gå til</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="136"/>
        <source>Cancel</source>
        <translation>Annuller</translation>
    </message>
</context>
<context>
    <name>Guide</name>
    <message>
        <location filename="../../desktop/screens/guide.py" line="40"/>
        <source>The document gets the whole screen</source>
        <translation>Dokumentet får hele skærmen</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="41"/>
        <source>Open a meeting and tap a document: it fills the screen. Swipe or tap the edge of the page to turn pages. Agenda shows the meeting&apos;s items, and Meeting takes you back.</source>
        <translation>Åbn et møde, og tryk på et dokument: Det fylder hele skærmen. Stryg, eller tryk ved sidens kant for at bladre. Dagsorden viser mødets punkter, og Møde fører dig tilbage.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="50"/>
        <source>Write on the pages</source>
        <translation>Skriv på siderne</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="51"/>
        <source>Tap Annotate to highlight, draw with the pen or add a note. Your notes are private: only you can read them, unless you choose to share a mark with the committee.</source>
        <translation>Tryk på Noter for at overstrege, tegne med pennen eller tilføje en note. Dine noter er private: Kun du kan læse dem, medmindre du vælger at dele en markering med udvalget.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="60"/>
        <source>Decide cases</source>
        <translation>Beslut sager</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="61"/>
        <source>Decisions lists the cases waiting for you, with their deadlines. When you approve or reject, Folio names your choice and asks you to confirm before anything is sent.</source>
        <translation>Beslutninger viser de sager, der venter på dig, med deres frister. Når du godkender eller afviser, gentager Folio dit valg og beder dig bekræfte, før noget bliver sendt.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="70"/>
        <source>Works without a network</source>
        <translation>Virker uden netværk</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="71"/>
        <source>Your meetings are kept encrypted on this tablet and open without a network. What you write or decide waits here and is sent at the next sync. The line at the bottom of the screen says how many changes wait: tap it to see them.</source>
        <translation>Dine møder ligger krypteret på denne tablet og kan åbnes uden netværk. Det, du skriver eller beslutter, venter her og sendes ved næste synkronisering. Linjen nederst på skærmen viser, hvor mange ændringer der venter: Tryk på den for at se dem.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="92"/>
        <source>Welcome to Folio</source>
        <translation>Velkommen til Folio</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="104"/>
        <source>You can open this guide again in Settings.</source>
        <translation>Du kan åbne denne guide igen under Indstillinger.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="108"/>
        <location filename="../../desktop/screens/guide.py" line="148"/>
        <source>Next</source>
        <translation>Næste</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="109"/>
        <source>Back</source>
        <translation>Tilbage</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="110"/>
        <source>Skip the guide</source>
        <translation>Spring guiden over</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="142"/>
        <source>{step} of {count}</source>
        <translation>{step} af {count}</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="147"/>
        <source>Start reading</source>
        <translation>Begynd at læse</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <location filename="../../desktop/screens/start.py" line="251"/>
        <source>Folio is locked</source>
        <translation>Folio er låst</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="252"/>
        <source>Enter your PIN to open your meeting material.</source>
        <translation>Indtast din pinkode for at åbne dit mødemateriale.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="261"/>
        <location filename="../../desktop/screens/start.py" line="262"/>
        <source>PIN</source>
        <translation>Pinkode</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="270"/>
        <source>Message</source>
        <translation>Besked</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="272"/>
        <source>Unlock</source>
        <translation>Lås op</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="295"/>
        <source>Unlocking…</source>
        <translation>Låser op…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/start.py" line="284"/>
        <source>%n attempt(s) left.</source>
        <translation>
            <numerusform>%n forsøg tilbage.</numerusform>
            <numerusform>%n forsøg tilbage.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="81"/>
        <location filename="../../desktop/main_window.py" line="393"/>
        <source>Folio</source>
        <translation>Folio</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="202"/>
        <source>Preparing the demo meetings…</source>
        <translation>Forbereder demomøderne…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="181"/>
        <location filename="../../desktop/main_window.py" line="218"/>
        <source>Connecting to your organisation…</source>
        <translation>Forbinder til din organisation…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="367"/>
        <source>This device was wiped.</source>
        <translation>Enheden er blevet slettet.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="162"/>
        <source>Your organisation has prepared this device: connect.</source>
        <translation>Din organisation har forberedt denne enhed: tryk på Forbind.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="155"/>
        <source>Your organisation has prepared this device: sign in with your user name and password, or your enrollment code.</source>
        <translation>Din organisation har forberedt denne enhed: log ind med dit brugernavn og din adgangskode eller din tilmeldingskode.</translation>
    </message>
</context>
<context>
    <name>MeetingPage</name>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="232"/>
        <source>Pack state</source>
        <translation>Pakkens status</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="234"/>
        <source>Meeting now</source>
        <translation>Mødet nu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="239"/>
        <location filename="../../desktop/screens/meeting.py" line="314"/>
        <source>Agenda</source>
        <translation>Dagsorden</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="261"/>
        <location filename="../../desktop/screens/meeting.py" line="521"/>
        <source>Closed item</source>
        <translation>Lukket punkt</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="265"/>
        <source>Proposal</source>
        <translation>Indstilling</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="268"/>
        <source>Decision</source>
        <translation>Beslutning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="269"/>
        <location filename="../../desktop/screens/meeting.py" line="270"/>
        <source>Go to the decision</source>
        <translation>Gå til beslutningen</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="273"/>
        <location filename="../../desktop/screens/meeting.py" line="276"/>
        <source>Documents</source>
        <translation>Dokumenter</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="280"/>
        <source>This item has no documents.</source>
        <translation>Dette punkt har ingen dokumenter.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="283"/>
        <source>Comments and notes</source>
        <translation>Kommentarer og noter</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="306"/>
        <source>Agenda item</source>
        <translation>Dagsordenspunkt</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="489"/>
        <source>Choose a document from the agenda.</source>
        <translation>Vælg et dokument på dagsordenen.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="491"/>
        <source>This meeting has no documents yet.</source>
        <translation>Dette møde har ingen dokumenter endnu.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="515"/>
        <source>Downloading: %1%</source>
        <translation>Henter: %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="516"/>
        <source>Not ready: some documents are not on this device yet</source>
        <translation>Ikke klar: nogle dokumenter er ikke på enheden endnu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="523"/>
        <location filename="../../desktop/screens/meeting.py" line="590"/>
        <source>Needs decision</source>
        <translation>Kræver beslutning</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/meeting.py" line="529"/>
        <source>(%n page(s))</source>
        <translation>
            <numerusform>(%n side)</numerusform>
            <numerusform>(%n sider)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="531"/>
        <source>not on this device yet</source>
        <translation>ikke på enheden endnu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="533"/>
        <source>changed</source>
        <translation>ændret</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="557"/>
        <source>Closed item: confidential, not for the public.</source>
        <translation>Lukket punkt: fortroligt, ikke for offentligheden.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="561"/>
        <source>No proposal text.</source>
        <translation>Ingen indstilling.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="578"/>
        <source>Your decision: %1</source>
        <translation>Din beslutning: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="584"/>
        <source>Needs your decision</source>
        <translation>Venter på din beslutning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="588"/>
        <source>Decided</source>
        <translation>Besluttet</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="592"/>
        <source>Decision needed by %1</source>
        <translation>Beslutning senest %1</translation>
    </message>
</context>
<context>
    <name>MeetingsPage</name>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="385"/>
        <location filename="../../desktop/screens/meetings.py" line="399"/>
        <source>Meetings</source>
        <extracomment>A card is never narrower than this many average characters: below it one column.</extracomment>
        <translation>Møder</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="386"/>
        <source>Committee</source>
        <translation>Udvalg</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="388"/>
        <source>Committee filter</source>
        <translation>Filtrér efter udvalg</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="414"/>
        <source>No meetings on this device yet.</source>
        <translation>Der er ingen møder på enheden endnu.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="415"/>
        <source>No meetings</source>
        <translation>Ingen møder</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="423"/>
        <source>All committees</source>
        <translation>Alle udvalg</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="448"/>
        <source>Upcoming</source>
        <translation>Kommende</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="448"/>
        <source>Past</source>
        <translation>Afholdte</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="490"/>
        <source>Some documents failed to download</source>
        <translation>Nogle dokumenter kunne ikke hentes</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/meetings.py" line="499"/>
        <source>%n new document(s)</source>
        <translation>
            <numerusform>%n nyt dokument</numerusform>
            <numerusform>%n nye dokumenter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/meetings.py" line="501"/>
        <source>%n decision(s) due</source>
        <translation>
            <numerusform>%n beslutning venter</numerusform>
            <numerusform>%n beslutninger venter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/meetings.py" line="503"/>
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n kommentar</numerusform>
            <numerusform>%n kommentarer</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="519"/>
        <source>Changed since you read it</source>
        <translation>Ændret siden du læste det</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="488"/>
        <source>Downloading: %1%</source>
        <translation>Henter: %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="491"/>
        <source>Not downloaded yet</source>
        <translation>Ikke hentet endnu</translation>
    </message>
</context>
<context>
    <name>MyNotesPanel</name>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="162"/>
        <source>My notes</source>
        <translation>Mine noter</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="166"/>
        <source>No notes yet. Use the pen or highlighter on a document.</source>
        <translation>Ingen noter endnu. Brug pennen eller overstregningspennen på et dokument.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="180"/>
        <source>page %1</source>
        <translation>side %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="187"/>
        <source>Needs review: could not be placed on the new version</source>
        <translation>Skal gennemses: kunne ikke placeres i den nye version</translation>
    </message>
</context>
<context>
    <name>NavigationPanel</name>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="128"/>
        <source>Page thumbnails</source>
        <translation>Sideminiaturer</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="133"/>
        <location filename="../../desktop/viewer/navigation_panel.py" line="142"/>
        <source>Outline</source>
        <translation>Indhold</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="137"/>
        <location filename="../../desktop/viewer/navigation_panel.py" line="143"/>
        <source>Bookmarks</source>
        <translation>Bogmærker</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="140"/>
        <source>Navigation panel</source>
        <translation>Navigationspanel</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="141"/>
        <source>Pages</source>
        <translation>Sider</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="204"/>
        <source>This document has no outline.</source>
        <translation>Dokumentet har ingen indholdsfortegnelse.</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="229"/>
        <source>Page %1</source>
        <translation>Side %1</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="53"/>
        <source>Highlight</source>
        <translation>Overstregning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="54"/>
        <source>Drawing</source>
        <translation>Tegning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="55"/>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="56"/>
        <source>Text on the page</source>
        <translation>Tekst på siden</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="57"/>
        <source>Mark</source>
        <translation>Markering</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="59"/>
        <source>Mark removed</source>
        <translation>Markering fjernet</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="61"/>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="64"/>
        <source>Decision: approve</source>
        <translation>Beslutning: godkend</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="65"/>
        <source>Decision: reject</source>
        <translation>Beslutning: afvis</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="66"/>
        <source>Decision</source>
        <translation>Beslutning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="69"/>
        <source>Bookmark set</source>
        <translation>Bogmærke sat</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="70"/>
        <source>Bookmark removed</source>
        <translation>Bogmærke fjernet</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="71"/>
        <source>Bookmark</source>
        <translation>Bogmærke</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="72"/>
        <source>Change</source>
        <translation>Ændring</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="80"/>
        <source>“{title}”, page {page}</source>
        <translation>“{title}”, side {page}</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="83"/>
        <source>“{title}”</source>
        <translation>“{title}”</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="108"/>
        <source>{what} on {about}</source>
        <translation>{what} – {about}</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="116"/>
        <source>Made {when}</source>
        <translation>Lavet {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="120"/>
        <source>{made} · {meeting}</source>
        <translation>{made} · {meeting}</translation>
    </message>
</context>
<context>
    <name>OutboxPage</name>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="147"/>
        <source>Your changes</source>
        <translation>Dine ændringer</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="150"/>
        <source>Sync now</source>
        <translation>Synkronisér nu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="153"/>
        <source>Message</source>
        <translation>Besked</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="189"/>
        <source>Everything you changed on this tablet has reached the server.</source>
        <translation>Alt, hvad du har ændret på denne tablet, er nået frem til serveren.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="192"/>
        <source>What you change on this tablet is kept here until the server confirms it: nothing is lost while you are offline.</source>
        <translation>Det, du ændrer på denne tablet, gemmes her, indtil serveren har bekræftet det: Intet går tabt, mens du er offline.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/outbox.py" line="199"/>
        <source>Waiting to be sent (%n)</source>
        <translation>
            <numerusform>Venter på at blive sendt (%n)</numerusform>
            <numerusform>Venter på at blive sendt (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/outbox.py" line="203"/>
        <source>Refused by the server (%n)</source>
        <translation>
            <numerusform>Afvist af serveren (%n)</numerusform>
            <numerusform>Afvist af serveren (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <location filename="../../desktop/viewer/page_view.py" line="72"/>
        <source>Document pages</source>
        <translation>Dokumentets sider</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/page_view.py" line="77"/>
        <source>Scroll pages</source>
        <translation>Rul gennem siderne</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/page_view.py" line="78"/>
        <source>Scroll sideways</source>
        <translation>Rul sidelæns</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/page_view.py" line="370"/>
        <source>Page %1</source>
        <translation>Side %1</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="71"/>
        <source>Clear</source>
        <translation>Ryd</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="72"/>
        <source>Delete</source>
        <translation>Slet</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="83"/>
        <source>Show PIN</source>
        <translation>Vis pinkode</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="85"/>
        <location filename="../../desktop/widgets/pinpad.py" line="118"/>
        <source>Use a passphrase</source>
        <translation>Brug en adgangssætning</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="118"/>
        <source>Use the number keys</source>
        <translation>Brug taltasterne</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="128"/>
        <source>passphrase</source>
        <translation>adgangssætning</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="128"/>
        <source>PIN</source>
        <translation>pinkode</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="130"/>
        <source>Hide %1</source>
        <translation>Skjul %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="130"/>
        <source>Show %1</source>
        <translation>Vis %1</translation>
    </message>
</context>
<context>
    <name>PinScreens</name>
    <message numerus="yes">
        <location filename="../../desktop/screens/start.py" line="145"/>
        <source>After %n wrong PIN(s) in a row, this device&apos;s meeting material is wiped.</source>
        <translation>
            <numerusform>Efter %n forkert pinkode i træk slettes enhedens mødemateriale.</numerusform>
            <numerusform>Efter %n forkerte pinkoder i træk slettes enhedens mødemateriale.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="155"/>
        <source>Forgot your PIN? Nobody can recover it, not even IT. Once the device is wiped, connect it to your organisation again and your meetings download again; changes not yet sent are lost.</source>
        <translation>Har du glemt din pinkode? Ingen kan gendanne den, heller ikke IT. Når enheden er slettet, forbinder du den til din organisation igen, og dine møder hentes igen; ændringer, der endnu ikke er sendt, går tabt.</translation>
    </message>
</context>
<context>
    <name>PinSetupPage</name>
    <message>
        <location filename="../../desktop/screens/start.py" line="177"/>
        <source>Choose a PIN</source>
        <translation>Vælg en pinkode</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="193"/>
        <location filename="../../desktop/screens/start.py" line="195"/>
        <source>New PIN</source>
        <translation>Ny pinkode</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="194"/>
        <location filename="../../desktop/screens/start.py" line="196"/>
        <source>Repeat the PIN</source>
        <translation>Gentag pinkoden</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="203"/>
        <source>Message</source>
        <translation>Besked</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="205"/>
        <source>Set PIN</source>
        <translation>Gem pinkode</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="226"/>
        <source>Use at least %1 digits.</source>
        <translation>Brug mindst %1 cifre.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="230"/>
        <source>The two PINs are not the same.</source>
        <translation>De to pinkoder er ikke ens.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="180"/>
        <source>Your PIN unlocks Folio on this device. Use at least %1 digits, or switch to the keyboard for a passphrase of at least %2 characters.</source>
        <translation>Din pinkode låser Folio op på denne enhed. Brug mindst %1 cifre, eller skift til tastaturet for en adgangssætning på mindst %2 tegn.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="221"/>
        <source>Use at least %1 characters.</source>
        <translation>Brug mindst %1 tegn.</translation>
    </message>
</context>
<context>
    <name>PrivateNotes</name>
    <message>
        <location filename="../../desktop/screens/notes.py" line="100"/>
        <source>If this is the last tablet that opens your private notes, only your recovery key can bring them back after the wipe.</source>
        <translation>Hvis dette er den sidste tablet, der kan åbne dine private noter, kan kun din gendannelsesnøgle bringe dem tilbage efter sletningen.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="108"/>
        <source>This is the last tablet that can open your private notes, and you have not written down your recovery key. After the wipe your private notes are gone for good: nobody can bring them back, not even IT. Write the key down first: Show recovery key, under Private notes in Settings.</source>
        <translation>Dette er den sidste tablet, der kan åbne dine private noter, og du har ikke skrevet din gendannelsesnøgle ned. Efter sletningen er dine private noter væk for altid: ingen kan hente dem tilbage, heller ikke IT. Skriv nøglen ned først: Vis gendannelsesnøgle under Private noter i Indstillinger.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="115"/>
        <source>This is the last tablet that can open your private notes. After the wipe only your recovery key can bring them back: keep it at hand.</source>
        <translation>Dette er den sidste tablet, der kan åbne dine private noter. Efter sletningen kan kun din gendannelsesnøgle bringe dem tilbage: hav den ved hånden.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="165"/>
        <location filename="../../desktop/screens/notes.py" line="404"/>
        <source>“{name}” asks to open your private notes.</source>
        <translation>“{name}” beder om at åbne dine private noter.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="168"/>
        <location filename="../../desktop/screens/notes.py" line="537"/>
        <source>Review request</source>
        <translation>Se anmodningen</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="170"/>
        <source>Write down your recovery key: it is the only way back to your private notes if you lose your tablets.</source>
        <translation>Skriv din gendannelsesnøgle ned: den er den eneste vej tilbage til dine private noter, hvis du mister dine tablets.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="175"/>
        <location filename="../../desktop/screens/notes.py" line="536"/>
        <source>Show recovery key</source>
        <translation>Vis gendannelsesnøgle</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="179"/>
        <source>Your private notes wait for approval on your other tablet. Code: {code}</source>
        <translation>Dine private noter venter på godkendelse på din anden tablet. Kode: {code}</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="184"/>
        <source>Your private notes wait for approval on your other tablet.</source>
        <translation>Dine private noter venter på godkendelse på din anden tablet.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="187"/>
        <location filename="../../desktop/screens/notes.py" line="231"/>
        <location filename="../../desktop/screens/notes.py" line="538"/>
        <source>Approve this tablet</source>
        <translation>Godkend denne tablet</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="189"/>
        <source>Your recovery key is checked at the next sync.</source>
        <translation>Din gendannelsesnøgle bliver kontrolleret ved næste synkronisering.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="194"/>
        <source>That recovery key did not open your private notes.</source>
        <translation>Den gendannelsesnøgle åbnede ikke dine private noter.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="197"/>
        <source>Type it again</source>
        <translation>Skriv den igen</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="233"/>
        <source>Your private notes open on this tablet once you approve it on a tablet you already use. Open Folio there: it asks about this tablet. Approve it only if it shows the same code as here.</source>
        <translation>Dine private noter åbner på denne tablet, når du har godkendt den på en tablet, du allerede bruger. Åbn Folio der: den spørger om denne tablet. Godkend den kun, hvis den viser samme kode som her.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="240"/>
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="245"/>
        <location filename="../../desktop/screens/notes.py" line="362"/>
        <location filename="../../desktop/screens/notes.py" line="363"/>
        <location filename="../../desktop/screens/notes.py" line="374"/>
        <location filename="../../desktop/screens/notes.py" line="375"/>
        <source>Close</source>
        <translation>Luk</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="248"/>
        <source>I have no other tablet</source>
        <translation>Jeg har ingen anden tablet</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="259"/>
        <location filename="../../desktop/screens/notes.py" line="446"/>
        <source>Code {code}</source>
        <translation>Kode {code}</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="264"/>
        <source>Both tablets must show this code.</source>
        <translation>Begge tablets skal vise denne kode.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="268"/>
        <location filename="../../desktop/screens/notes.py" line="450"/>
        <source>No code yet</source>
        <translation>Ingen kode endnu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="270"/>
        <source>The code appears once your other tablet has seen the request: sync there, then here.</source>
        <translation>Koden vises, når din anden tablet har set anmodningen: synkronisér der og derefter her.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="295"/>
        <source>Type your recovery key</source>
        <translation>Skriv din gendannelsesnøgle</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="297"/>
        <source>The recovery key you wrote down when you set up your first tablet: seven groups of four letters and digits. Capitals and dashes do not matter.</source>
        <translation>Den gendannelsesnøgle, du skrev ned, da du satte din første tablet op: syv grupper med fire bogstaver og tal. Store bogstaver og bindestreger er ligegyldige.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="305"/>
        <location filename="../../desktop/screens/notes.py" line="480"/>
        <source>Recovery key</source>
        <translation>Gendannelsesnøgle</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="313"/>
        <source>Open my private notes</source>
        <translation>Åbn mine private noter</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="315"/>
        <source>Cancel</source>
        <translation>Annullér</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="365"/>
        <source>Checking your recovery key with the server…</source>
        <translation>Kontrollerer din gendannelsesnøgle med serveren…</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="379"/>
        <source>Your private notes open on this tablet.</source>
        <translation>Dine private noter åbner på denne tablet.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="394"/>
        <source>Approve “{name}”?</source>
        <translation>Godkend “{name}”?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="400"/>
        <source>“{name}” asked at {time} to open your private notes.</source>
        <translation>“{name}” bad {time} om at åbne dine private noter.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="409"/>
        <source>Approve only if it is your tablet and it shows this code:</source>
        <translation>Godkend kun, hvis det er din tablet, og den viser denne kode:</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="424"/>
        <source>If the codes differ, or you did not just set up a tablet, choose Not mine: it gets nothing. Then tell IT, as someone may know your password.</source>
        <translation>Hvis koderne er forskellige, eller du ikke lige har sat en tablet op, så vælg Ikke min: den får intet. Sig det derefter til IT, for nogen kender måske din adgangskode.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="432"/>
        <source>Approve</source>
        <translation>Godkend</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="434"/>
        <source>Not mine</source>
        <translation>Ikke min</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="470"/>
        <source>Your recovery key</source>
        <translation>Din gendannelsesnøgle</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="472"/>
        <source>Write this key on paper and keep it somewhere safe, away from your tablet. If you lose every tablet you use Folio on, it is the only way back to your private notes: nobody else can open them, not even IT.</source>
        <translation>Skriv nøglen på papir og opbevar den et sikkert sted, ikke sammen med din tablet. Mister du alle de tablets, du bruger Folio på, er den den eneste vej tilbage til dine private noter: ingen andre kan åbne dem, heller ikke IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="484"/>
        <source>Folio shows it until you confirm, in Settings under Private notes.</source>
        <translation>Folio viser den, indtil du bekræfter, i Indstillinger under Private noter.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="494"/>
        <source>I have written it down</source>
        <translation>Jeg har skrevet den ned</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="496"/>
        <source>Later</source>
        <translation>Senere</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="527"/>
        <location filename="../../desktop/screens/notes.py" line="533"/>
        <source>Private notes</source>
        <translation>Private noter</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="530"/>
        <location filename="../../desktop/screens/notes.py" line="549"/>
        <location filename="../../desktop/screens/notes.py" line="565"/>
        <source>Not set up on this device.</source>
        <translation>Ikke sat op på denne enhed.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="539"/>
        <source>Type recovery key</source>
        <translation>Skriv gendannelsesnøgle</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="551"/>
        <source>Your private notes are sealed: only your approved tablets can read them.</source>
        <translation>Dine private noter er forseglede: kun dine godkendte tablets kan læse dem.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="556"/>
        <source>This is the only tablet that holds the key.</source>
        <translation>Dette er den eneste tablet, der har nøglen.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="560"/>
        <source>This tablet waits for approval before it can open your private notes.</source>
        <translation>Denne tablet venter på godkendelse, før den kan åbne dine private noter.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="640"/>
        <source>This recovery key does not open your private notes. Check it against what you wrote down and type it again. Nothing was changed.</source>
        <translation>Denne gendannelsesnøgle åbner ikke dine private noter. Sammenlign den med det, du skrev ned, og skriv den igen. Intet blev ændret.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="736"/>
        <source>That is not a recovery key: one of its groups is mistyped. Check each group and type it again. Nothing was changed.</source>
        <translation>Det er ikke en gendannelsesnøgle: en af grupperne er skrevet forkert. Kontrollér hver gruppe, og skriv den igen. Intet blev ændret.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="416"/>
        <source>The code appears here once the new tablet has synced again.</source>
        <translation>Koden vises her, når den nye tablet har synkroniseret igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="316"/>
        <source>I have lost it too</source>
        <translation>Jeg har også mistet den</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="697"/>
        <source>Start your private notes over?</source>
        <translation>Start dine private noter forfra?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="698"/>
        <source>This tablet makes a new key for your private notes, with a new recovery key to write down. The notes you write here are kept and reach your other tablets once you approve them.</source>
        <translation>Denne tablet laver en ny nøgle til dine private noter med en ny gendannelsesnøgle, som du skal skrive ned. De noter, du skriver her, bevares og når frem til dine andre tablets, når du godkender dem.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="704"/>
        <source>Start over</source>
        <translation>Start forfra</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="706"/>
        <source>Private notes written on your earlier tablets cannot be opened again. If another tablet of yours still has them, approve this one there instead.</source>
        <translation>Private noter skrevet på dine tidligere tablets kan ikke åbnes igen. Hvis en anden af dine tablets stadig har dem, så godkend denne tablet der i stedet.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="705"/>
        <source>Go back</source>
        <translation>Gå tilbage</translation>
    </message>
</context>
<context>
    <name>ReaderShell</name>
    <message>
        <location filename="../../desktop/screens/shell.py" line="76"/>
        <source>Meetings</source>
        <translation>Møder</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="79"/>
        <location filename="../../desktop/screens/shell.py" line="80"/>
        <source>Search all meetings</source>
        <translation>Søg i alle møder</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="84"/>
        <source>Decisions</source>
        <translation>Beslutninger</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="86"/>
        <source>Settings</source>
        <translation>Indstillinger</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="88"/>
        <location filename="../../desktop/screens/shell.py" line="171"/>
        <source>Lock</source>
        <translation>Lås</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="117"/>
        <source>Comments</source>
        <translation>Kommentarer</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="118"/>
        <source>My notes</source>
        <translation>Mine noter</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="144"/>
        <location filename="../../desktop/screens/shell.py" line="382"/>
        <source>Export annotated PDF</source>
        <translation>Eksportér PDF med noter</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="145"/>
        <location filename="../../desktop/screens/shell.py" line="399"/>
        <source>Export my meeting sheet</source>
        <translation>Eksportér mit mødeark</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="368"/>
        <source>Managed by your organisation: export is turned off.</source>
        <translation>Styres af din organisation: eksport er slået fra.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="370"/>
        <source>Save this document with your notes as a PDF</source>
        <translation>Gem dokumentet med dine noter som PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="371"/>
        <source>Save your notes for this meeting as a PDF</source>
        <translation>Gem dine noter til mødet som PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="379"/>
        <source>Open a document first.</source>
        <translation>Åbn først et dokument.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="388"/>
        <location filename="../../desktop/screens/shell.py" line="405"/>
        <source>Exported.</source>
        <translation>Eksporteret.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="396"/>
        <source>Open a meeting first.</source>
        <translation>Åbn først et møde.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="568"/>
        <source>Syncing…</source>
        <translation>Synkroniserer…</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="571"/>
        <source>Sync finished.</source>
        <translation>Synkronisering færdig.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="579"/>
        <source>Checking for updates…</source>
        <translation>Søger efter opdateringer…</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="598"/>
        <source>Folio {version} is available (you have {installed}). Your organisation&apos;s IT installs it.</source>
        <translation>Folio {version} er tilgængelig (du har {installed}). Din organisations IT installerer den.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="602"/>
        <source>Update checks are turned off by your organisation or not set up.</source>
        <translation>Søgning efter opdateringer er slået fra af din organisation eller ikke sat op.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="604"/>
        <source>Folio is up to date.</source>
        <translation>Folio er opdateret.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="606"/>
        <source>This version is no longer supported: ask IT to update it.</source>
        <translation>Denne version understøttes ikke længere: bed IT om at opdatere den.</translation>
    </message>
</context>
<context>
    <name>ReadingBar</name>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="37"/>
        <source>Reading bar</source>
        <translation>Læsebjælke</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="38"/>
        <source>Meeting</source>
        <translation>Møde</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="39"/>
        <source>Back to the meeting</source>
        <translation>Tilbage til mødet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="40"/>
        <source>Agenda</source>
        <translation>Dagsorden</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="41"/>
        <source>Show the agenda</source>
        <translation>Vis dagsordenen</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="45"/>
        <location filename="../../desktop/viewer/reading_bar.py" line="81"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="50"/>
        <location filename="../../desktop/viewer/reading_bar.py" line="87"/>
        <source>Page</source>
        <translation>Side</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="51"/>
        <location filename="../../desktop/viewer/reading_bar.py" line="92"/>
        <source>Go to a page</source>
        <translation>Gå til en side</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="52"/>
        <source>Find</source>
        <translation>Find</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="53"/>
        <source>Find in document</source>
        <translation>Find i dokumentet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="54"/>
        <location filename="../../desktop/viewer/reading_bar.py" line="96"/>
        <source>Annotate</source>
        <translation>Noter</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="55"/>
        <location filename="../../desktop/viewer/reading_bar.py" line="98"/>
        <source>Show the annotation tools</source>
        <translation>Vis værktøjerne til noter</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="56"/>
        <source>More</source>
        <translation>Mere</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="57"/>
        <source>More: pages, zoom, bookmarks, export</source>
        <translation>Mere: sider, zoom, bogmærker, eksport</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="90"/>
        <source>Page %1 of %2</source>
        <translation>Side %1 af %2</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="96"/>
        <source>Annotating</source>
        <translation>Noterer</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="98"/>
        <source>Hide the annotation tools</source>
        <translation>Skjul værktøjerne til noter</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../desktop/screens/search.py" line="30"/>
        <source>Search</source>
        <translation>Søg</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="33"/>
        <source>Search summary</source>
        <translation>Søgeresultat i alt</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="36"/>
        <source>Search results</source>
        <translation>Søgeresultater</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="53"/>
        <source>Search: %1</source>
        <translation>Søgning: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="55"/>
        <source>Nothing found for “%1”.</source>
        <translation>Intet fundet for “%1”.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/search.py" line="63"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n resultat</numerusform>
            <numerusform>%n resultater</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="65"/>
        <source>Agenda</source>
        <translation>Dagsorden</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="66"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="67"/>
        <source>My note</source>
        <translation>Min note</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="85"/>
        <source>page %1</source>
        <translation>side %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/search.py" line="76"/>
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n fund</numerusform>
            <numerusform>%n fund</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="58"/>
        <source>The first %1 results: add a word to find fewer.</source>
        <translation>De første %1 resultater: tilføj et ord for at finde færre.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/screens/settings.py" line="41"/>
        <source>Settings</source>
        <extracomment>&quot;Sign out and wipe&quot; was tapped: the reader shell reads where her private notes stand (vault lane) and calls ``confirm_wipe`` with it</extracomment>
        <translation>Indstillinger</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="44"/>
        <location filename="../../desktop/screens/settings.py" line="54"/>
        <source>Language</source>
        <translation>Sprog</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="45"/>
        <source>System language</source>
        <translation>Systemets sprog</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="58"/>
        <source>min</source>
        <translation>min.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="59"/>
        <source>Lock after minutes without use</source>
        <translation>Lås efter minutter uden brug</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="62"/>
        <source>Lock after</source>
        <translation>Lås efter</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="90"/>
        <location filename="../../desktop/screens/settings.py" line="91"/>
        <source>Storage used</source>
        <translation>Lagerplads brugt</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="93"/>
        <location filename="../../desktop/screens/settings.py" line="95"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="97"/>
        <source>Sync now</source>
        <translation>Synkronisér nu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="99"/>
        <source>Lock now</source>
        <translation>Lås nu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="101"/>
        <source>Check for updates</source>
        <translation>Søg efter opdateringer</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="103"/>
        <source>Show the guide</source>
        <translation>Vis guiden</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="107"/>
        <source>Message</source>
        <translation>Besked</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="108"/>
        <source>Sign out and wipe this device…</source>
        <translation>Log ud og slet denne enhed…</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="126"/>
        <source>Not connected (demo or offline copy)</source>
        <translation>Ikke forbundet (demo eller offline kopi)</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="136"/>
        <source>Wipe this device?</source>
        <translation>Slet denne enhed?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="138"/>
        <source>This removes every meeting, document and note from this device. Changes not yet sent to the server are lost.</source>
        <translation>Dette fjerner alle møder, dokumenter og noter fra enheden. Ændringer, der ikke er sendt til serveren, går tabt.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="141"/>
        <source>Wipe this device</source>
        <translation>Slet denne enhed</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="67"/>
        <location filename="../../desktop/screens/settings.py" line="68"/>
        <source>Managed by your organisation</source>
        <translation>Styres af din organisation</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="76"/>
        <source>Your organisation&apos;s policy could not be read. The last good policy applies; ask IT to check it.</source>
        <translation>Organisationens politik kunne ikke læses. Den seneste gyldige politik gælder; bed IT om at se på det.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="80"/>
        <source>Your organisation&apos;s policy could not be read. The strictest settings apply; ask IT to check it.</source>
        <translation>Organisationens politik kunne ikke læses. De strengeste indstillinger gælder; bed IT om at se på det.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="142"/>
        <source>Keep this device</source>
        <translation>Behold denne enhed</translation>
    </message>
</context>
<context>
    <name>Sheet</name>
    <message>
        <location filename="../../desktop/widgets/sheets.py" line="264"/>
        <source>Save</source>
        <extracomment>the card&apos;s widest and narrowest widths in logical pixels at 96 dpi</extracomment>
        <translation>Gem</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/sheets.py" line="266"/>
        <source>Cancel</source>
        <translation>Annuller</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/sheets.py" line="323"/>
        <source>Go back</source>
        <translation>Gå tilbage</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <location filename="../../desktop/widgets/status.py" line="157"/>
        <source>Update required</source>
        <translation>Opdatering påkrævet</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="186"/>
        <source>⚠ Update required</source>
        <translation>⚠ Opdatering påkrævet</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="189"/>
        <source>This Folio must be updated: your organisation requires a newer version. What is on this device still opens; changes wait here until IT updates Folio.</source>
        <translation>Folio skal opdateres: din organisation kræver en nyere version. Det, der ligger på enheden, kan stadig åbnes; ændringer venter her, til IT har opdateret Folio.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="161"/>
        <source>Download progress</source>
        <translation>Hentning</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="152"/>
        <source>Message</source>
        <extracomment>the reader tapped the counts: show what waits and what was refused</extracomment>
        <translation>Besked</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="163"/>
        <source>Connection</source>
        <translation>Forbindelse</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="164"/>
        <source>Last sync</source>
        <translation>Seneste synkronisering</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="173"/>
        <source>Locked</source>
        <translation>Låst</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="202"/>
        <source>○ Offline copy: no server connected</source>
        <translation>○ Offline kopi: ingen server forbundet</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="206"/>
        <location filename="../../desktop/widgets/status.py" line="262"/>
        <source>○ Offline</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="208"/>
        <location filename="../../desktop/widgets/status.py" line="260"/>
        <source>● Online</source>
        <translation>● Online</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/widgets/status.py" line="213"/>
        <source>%n change(s) waiting to send</source>
        <translation>
            <numerusform>%n ændring venter på at blive sendt</numerusform>
            <numerusform>%n ændringer venter på at blive sendt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/widgets/status.py" line="215"/>
        <source>%n refused by the server</source>
        <translation>
            <numerusform>%n afvist af serveren</numerusform>
            <numerusform>%n afvist af serveren</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="219"/>
        <source>Last sync: %1</source>
        <translation>Seneste synkronisering: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="222"/>
        <source>Last sync: never</source>
        <translation>Seneste synkronisering: aldrig</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="227"/>
        <location filename="../../desktop/widgets/status.py" line="246"/>
        <source>Downloading %p%</source>
        <translation>Henter %p%</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="242"/>
        <source>⟳ Syncing…</source>
        <translation>⟳ Synkroniserer…</translation>
    </message>
</context>
<context>
    <name>ThumbnailModel</name>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="76"/>
        <source>%1 · changed</source>
        <translation>%1 · ændret</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="80"/>
        <source>Page %1, changed in this version</source>
        <translation>Side %1, ændret i denne version</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="81"/>
        <source>Page %1</source>
        <translation>Side %1</translation>
    </message>
</context>
<context>
    <name>ToolPalette</name>
    <message>
        <location filename="../../desktop/viewer/tool_palette.py" line="27"/>
        <source>Annotation tools</source>
        <translation>Værktøjer til noter</translation>
    </message>
</context>
<context>
    <name>ViewerControls</name>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="30"/>
        <source>Previous item</source>
        <translation>Forrige punkt</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="31"/>
        <source>Next item</source>
        <translation>Næste punkt</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="32"/>
        <source>Fit width</source>
        <translation>Tilpas bredde</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="33"/>
        <source>Fit page</source>
        <translation>Tilpas side</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="37"/>
        <source>Zoom out</source>
        <translation>Zoom ud</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="38"/>
        <source>Zoom in</source>
        <translation>Zoom ind</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="41"/>
        <source>Pages</source>
        <translation>Sider</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="43"/>
        <location filename="../../desktop/viewer/viewer_controls.py" line="93"/>
        <source>Bookmark</source>
        <translation>Bogmærke</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="44"/>
        <location filename="../../desktop/viewer/viewer_controls.py" line="108"/>
        <source>Night mode</source>
        <translation>Nattilstand</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="50"/>
        <source>More</source>
        <translation>Mere</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="93"/>
        <source>Bookmarked</source>
        <translation>Bogmærket</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="108"/>
        <source>Night mode on</source>
        <translation>Nattilstand til</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../desktop/screens/start.py" line="75"/>
        <source>Welcome to Folio</source>
        <translation>Velkommen til Folio</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="78"/>
        <source>Folio keeps your meeting material on this device, encrypted, and readable without a network.</source>
        <translation>Folio gemmer dit mødemateriale krypteret på denne enhed, så du kan læse det uden netværk.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="84"/>
        <source>Connect to your organisation</source>
        <translation>Forbind til din organisation</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="93"/>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="94"/>
        <source>User name</source>
        <translation>Brugernavn</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="95"/>
        <source>Password</source>
        <translation>Adgangskode</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="96"/>
        <source>Or enrollment code</source>
        <translation>Eller tilmeldingskode</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="102"/>
        <source>Connect</source>
        <translation>Forbind</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="107"/>
        <source>Message</source>
        <translation>Besked</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="110"/>
        <source>Just looking?</source>
        <translation>Vil du bare kigge?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="111"/>
        <source>Try the demo</source>
        <translation>Prøv demoen</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="123"/>
        <source>Enter your organisation&apos;s server address.</source>
        <translation>Indtast din organisations serveradresse.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="127"/>
        <source>Enter a user name and password, or an enrollment code.</source>
        <translation>Indtast brugernavn og adgangskode eller en tilmeldingskode.</translation>
    </message>
</context>
<context>
    <name>annotations</name>
    <message>
        <location filename="../../desktop/viewer/annotation_layer.py" line="39"/>
        <source>Shared: committee</source>
        <translation>Delt: udvalget</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_layer.py" line="41"/>
        <source>Shared: secretariat</source>
        <translation>Delt: sekretariatet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_layer.py" line="42"/>
        <source>Private</source>
        <translation>Privat</translation>
    </message>
</context>
<context>
    <name>discuss</name>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="118"/>
        <source>Decided on your other tablet: %1</source>
        <translation>Besluttet på din anden tablet: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="113"/>
        <source>on your other tablet</source>
        <translation>på din anden tablet</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="93"/>
        <source>Waiting to send</source>
        <translation>Venter på at blive sendt</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="95"/>
        <source>Sent</source>
        <translation>Sendt</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="97"/>
        <source>Confirmed</source>
        <translation>Bekræftet</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="98"/>
        <location filename="../../desktop/widgets/discussion.py" line="400"/>
        <source>Rejected</source>
        <translation>Afvist</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="130"/>
        <source>No deadline</source>
        <translation>Ingen frist</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="135"/>
        <source>Overdue since %1</source>
        <translation>Overskredet siden %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/widgets/discussion.py" line="74"/>
        <source>Due within %n day(s): %1</source>
        <translation>
            <numerusform>Frist inden for %n dag: %1</numerusform>
            <numerusform>Frist inden for %n dage: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/widgets/discussion.py" line="75"/>
        <source>Due within %n hour(s): %1</source>
        <translation>
            <numerusform>Frist inden for %n time: %1</numerusform>
            <numerusform>Frist inden for %n timer: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="142"/>
        <source>Due %1</source>
        <translation>Frist %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="147"/>
        <source>Highlight</source>
        <translation>Overstregning</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="148"/>
        <source>Drawing</source>
        <translation>Tegning</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="149"/>
        <source>Sticky note</source>
        <translation>Notesblok</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="150"/>
        <source>Text note</source>
        <translation>Tekstnote</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="202"/>
        <source>Comments on your highlight on page %1</source>
        <translation>Kommentarer til din overstregning på side %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="205"/>
        <source>Comments on your drawing on page %1</source>
        <translation>Kommentarer til din tegning på side %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="208"/>
        <source>Comments on your sticky note on page %1</source>
        <translation>Kommentarer til din notesblok på side %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="211"/>
        <source>Comments on your text note on page %1</source>
        <translation>Kommentarer til din tekstnote på side %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="398"/>
        <source>Approved</source>
        <translation>Godkendt</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../desktop/errors.py" line="165"/>
        <source>Your decision on this case had already reached the server from another of your devices. Nothing more is needed.</source>
        <translation>Din beslutning i denne sag var allerede nået frem til serveren fra en anden af dine enheder. Du behøver ikke gøre mere.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="170"/>
        <source>The case was withdrawn before your decision arrived, so no decision is needed. Ask the secretariat if you have questions.</source>
        <translation>Sagen blev trukket tilbage, før din beslutning nåede frem, så der skal ikke træffes nogen beslutning. Spørg sekretariatet, hvis du har spørgsmål.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="175"/>
        <source>The case was changed after you decided. Read the new version and decide again.</source>
        <translation>Sagen blev ændret, efter at du havde truffet beslutning. Læs den nye udgave, og beslut igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="179"/>
        <source>The deadline had passed when your decision reached the server, so it was not counted. Contact the secretariat if it must still be considered.</source>
        <translation>Fristen var overskredet, da din beslutning nåede frem til serveren, så den blev ikke talt med. Kontakt sekretariatet, hvis den alligevel skal tages i betragtning.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="184"/>
        <source>You no longer have access to this material, so the server did not accept the change. Ask the secretariat if you think this is wrong.</source>
        <translation>Du har ikke længere adgang til dette materiale, så serveren tog ikke imod ændringen. Spørg sekretariatet, hvis du mener, at det er en fejl.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="189"/>
        <source>The meeting is closed for changes, so the server did not accept this one. Contact the secretariat if it still matters.</source>
        <translation>Mødet er lukket for ændringer, så serveren tog ikke imod denne. Kontakt sekretariatet, hvis den stadig har betydning.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="194"/>
        <source>The server could not read this change, so it was not saved there. Write it again; if that fails too, tell IT.</source>
        <translation>Serveren kunne ikke læse denne ændring, så den blev ikke gemt der. Skriv den igen; hvis det heller ikke lykkes, så sig det til IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="199"/>
        <source>The server already held a different change under the same number, so this one was not saved. Write it again; if that fails too, tell IT.</source>
        <translation>Serveren havde allerede en anden ændring med samme nummer, så denne blev ikke gemt. Skriv den igen; hvis det heller ikke lykkes, så sig det til IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="204"/>
        <source>What this change was about no longer exists on the server: it was removed or replaced. Nothing more is needed.</source>
        <translation>Det, som ændringen handlede om, findes ikke længere på serveren: det er fjernet eller erstattet. Du behøver ikke gøre mere.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="209"/>
        <source>The server does not know this kind of change; it may be older than this Folio. Tell IT.</source>
        <translation>Serveren kender ikke denne slags ændring; den er måske ældre end denne Folio. Sig det til IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="214"/>
        <source>This mark belongs to a colleague, so only they can change it. Add a note of your own instead.</source>
        <translation>Denne markering tilhører en kollega, så kun kollegaen kan ændre den. Tilføj i stedet din egen note.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="136"/>
        <source>This device does not trust the server&apos;s certificate, so nothing was sent. Check the server address, or ask IT to install your organisation&apos;s certificate authority.</source>
        <translation>Denne enhed har ikke tillid til serverens certifikat, så intet blev sendt. Kontrollér serveradressen, eller bed IT om at installere organisationens certifikatudsteder.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="131"/>
        <source>This server address starts with http:// and is not secure. Use the address that starts with https://.</source>
        <translation>Denne serveradresse begynder med http:// og er ikke sikker. Brug adressen, der begynder med https://.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="85"/>
        <source>A colleague shared this mark. Only they can change it.</source>
        <translation>En kollega har delt denne markering. Kun kollegaen kan ændre den.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="81"/>
        <source>You have already decided this case. Your receipt is under History and receipts.</source>
        <translation>Du har allerede truffet beslutning i denne sag. Din kvittering ligger under fanen Historik og kvitteringer.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="24"/>
        <source>That PIN is not right. Try again.</source>
        <translation>Pinkoden er forkert. Prøv igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="28"/>
        <source>This device was wiped and its meeting material is gone. Connect it to your organisation again to fetch your meetings.</source>
        <translation>Denne enhed er blevet slettet, og dens mødemateriale er væk. Forbind den til din organisation igen for at hente dine møder.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="33"/>
        <source>Folio is locked. Enter your PIN to continue.</source>
        <translation>Folio er låst. Indtast din pinkode for at fortsætte.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="37"/>
        <source>There is no Folio data on this device yet. Connect to your organisation, or try the demo.</source>
        <translation>Der er endnu ingen Folio-data på denne enhed. Forbind til din organisation, eller prøv demoen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="42"/>
        <source>Folio is already set up on this device. Unlock it with your PIN.</source>
        <translation>Folio er allerede sat op på denne enhed. Lås op med din pinkode.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="46"/>
        <source>The data folder does not hold Folio data. Check the folder, or ask IT.</source>
        <translation>Datamappen indeholder ikke Folio-data. Kontrollér mappen, eller spørg IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="50"/>
        <source>The device key is missing from this computer&apos;s key store, so the data cannot be opened.</source>
        <translation>Enhedens nøgle mangler i computerens nøglelager, så data kan ikke åbnes.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="55"/>
        <source>The stored data is older than expected and was not opened, to protect it. Ask IT for help.</source>
        <translation>De gemte data er ældre end forventet og blev ikke åbnet, for at beskytte dem. Bed IT om hjælp.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="60"/>
        <source>This document is damaged and cannot be shown. Ask the secretariat for a new copy.</source>
        <translation>Dette dokument er beskadiget og kan ikke vises. Bed sekretariatet om en ny kopi.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="64"/>
        <source>This document failed its integrity check and was not shown. Folio fetches it again at the next sync.</source>
        <translation>Dette dokument bestod ikke integritetskontrollen og blev ikke vist. Folio henter det igen ved næste synkronisering.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="69"/>
        <source>The disk is full. Free some space and try again.</source>
        <translation>Disken er fuld. Frigør plads, og prøv igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="73"/>
        <source>That input was not accepted. Check it and try again.</source>
        <translation>Det indtastede blev ikke accepteret. Kontrollér det, og prøv igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="77"/>
        <source>That is no longer on this device: it was withdrawn or removed after the meeting.</source>
        <translation>Det findes ikke længere på denne enhed: det er trukket tilbage eller fjernet efter mødet.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="89"/>
        <source>You are offline. Changes wait and are sent when you are online.</source>
        <translation>Du er offline. Ændringer venter og sendes, når du er online.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="93"/>
        <source>The server did not answer in time. Folio will try again.</source>
        <translation>Serveren svarede ikke i tide. Folio prøver igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="97"/>
        <source>The server had a problem. Folio will try again.</source>
        <translation>Serveren havde et problem. Folio prøver igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="101"/>
        <source>The server is busy. Folio will try again shortly.</source>
        <translation>Serveren har travlt. Folio prøver igen om lidt.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="105"/>
        <source>The user name, password or code was not accepted. Check them and try again.</source>
        <translation>Brugernavnet, adgangskoden eller koden blev ikke accepteret. Kontrollér dem, og prøv igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="109"/>
        <source>This device was removed by your organisation. Ask IT if you should still have access.</source>
        <translation>Denne enhed er fjernet af din organisation. Spørg IT, hvis du stadig burde have adgang.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="113"/>
        <source>The server refused this change. Ask the secretariat if it still matters.</source>
        <translation>Serveren afviste denne ændring. Spørg sekretariatet, hvis den stadig har betydning.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="117"/>
        <source>This version of Folio is too old for the server. Ask IT to update it.</source>
        <translation>Denne version af Folio er for gammel til serveren. Bed IT om at opdatere den.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="121"/>
        <source>This device is not connected to a server, so nothing is sent or fetched. Ask IT how to connect it.</source>
        <translation>Denne enhed er ikke forbundet til en server, så intet bliver sendt eller hentet. Spørg IT, hvordan den forbindes.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="126"/>
        <source>The server sent an answer Folio does not understand. Folio will try again; if it keeps happening, tell IT.</source>
        <translation>Serveren sendte et svar, som Folio ikke forstår. Folio prøver igen; hvis det bliver ved, så sig det til IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="142"/>
        <source>This has expired. Ask for a current one.</source>
        <translation>Dette er udløbet. Bed om et gældende.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="146"/>
        <source>Cancelled before it finished. Try again when you are ready.</source>
        <translation>Annulleret, før det blev færdigt. Prøv igen, når du er klar.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="150"/>
        <source>Your organisation&apos;s policy does not allow this. Ask IT if you need it.</source>
        <translation>Din organisations politik tillader ikke dette. Spørg IT, hvis du har brug for det.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="239"/>
        <source>This document is empty.</source>
        <translation>Dokumentet er tomt.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="240"/>
        <source>This file is not a PDF document Folio can read.</source>
        <translation>Filen er ikke et PDF-dokument, Folio kan læse.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="243"/>
        <source>This document is protected by a password. Ask the secretariat for an open copy.</source>
        <translation>Dokumentet er beskyttet med en adgangskode. Bed sekretariatet om en åben kopi.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="247"/>
        <source>This document has no pages.</source>
        <translation>Dokumentet har ingen sider.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/errors.py" line="292"/>
        <source>That PIN is not right. %n attempt(s) left before this device is wiped.</source>
        <translation>
            <numerusform>Pinkoden er forkert. %n forsøg tilbage, før enheden slettes.</numerusform>
            <numerusform>Pinkoden er forkert. %n forsøg tilbage, før enheden slettes.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="260"/>
        <source>The server does not know your organisation&apos;s enrollment token. Nothing was enrolled; ask IT.</source>
        <translation>Serveren kender ikke din organisations tilmeldingsnøgle. Intet blev tilmeldt; kontakt IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="265"/>
        <source>Your organisation&apos;s enrollment token has expired. Nothing was enrolled; ask IT for a current one.</source>
        <translation>Din organisations tilmeldingsnøgle er udløbet. Intet blev tilmeldt; bed IT om en gyldig.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="270"/>
        <source>IT has revoked your organisation&apos;s enrollment token. Nothing was enrolled; ask IT for a current one.</source>
        <translation>IT har tilbagekaldt din organisations tilmeldingsnøgle. Intet blev tilmeldt; bed IT om en gyldig.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="275"/>
        <source>Your organisation&apos;s enrollment token has enrolled as many devices as IT allowed. Nothing was enrolled; ask IT.</source>
        <translation>Din organisations tilmeldingsnøgle har tilmeldt så mange enheder, som IT har tilladt. Intet blev tilmeldt; kontakt IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="280"/>
        <source>This device&apos;s enrollment token is for another committee&apos;s members. Nothing was enrolled; ask IT.</source>
        <translation>Denne enheds tilmeldingsnøgle er til medlemmer af et andet udvalg. Intet blev tilmeldt; kontakt IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="317"/>
        <source>Something went wrong. Please try again.</source>
        <translation>Noget gik galt. Prøv venligst igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="304"/>
        <source>Closed material is locked because this device has been offline too long. Connect to the network and sync to open it again.</source>
        <translation>Lukket materiale er låst, fordi denne enhed har været offline for længe. Opret forbindelse til netværket, og synkroniser for at åbne det igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="230"/>
        <source>The deadline for this case has passed, so it can no longer be decided here. Contact the secretariat if your decision must still be considered.</source>
        <translation>Fristen for denne sag er udløbet, så den kan ikke længere besluttes her. Kontakt sekretariatet, hvis din beslutning stadig skal tages i betragtning.</translation>
    </message>
</context>
<context>
    <name>reader</name>
    <message>
        <location filename="../../desktop/syncing.py" line="233"/>
        <source>Sync finished.</source>
        <translation>Synkronisering færdig.</translation>
    </message>
    <message>
        <location filename="../../desktop/syncing.py" line="241"/>
        <source>Syncing…</source>
        <translation>Synkroniserer…</translation>
    </message>
</context>
<context>
    <name>ui</name>
    <message>
        <location filename="../../desktop/widgets/ui.py" line="99"/>
        <location filename="../../desktop/widgets/ui.py" line="100"/>
        <source>Clear</source>
        <translation>Ryd</translation>
    </message>
</context>
</TS>
