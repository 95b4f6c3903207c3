<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>AnnotationBar</name>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="50"/>
        <source>Annotation tools</source>
        <translation>Verktyg för anteckningar</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="56"/>
        <source>Read</source>
        <translation>Läs</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="57"/>
        <source>Highlighter</source>
        <translation>Överstrykningspenna</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="58"/>
        <source>Pen</source>
        <translation>Penna</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="59"/>
        <source>Sticky note</source>
        <translation>Lapp</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="60"/>
        <source>Text note</source>
        <translation>Textanteckning</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="61"/>
        <source>Eraser</source>
        <translation>Suddgummi</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="62"/>
        <source>Select</source>
        <translation>Välj</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="72"/>
        <location filename="../../desktop/viewer/annotation_bar.py" line="73"/>
        <source>Colour</source>
        <translation>Färg</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="75"/>
        <source>Yellow</source>
        <translation>Gul</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="76"/>
        <source>Green</source>
        <translation>Grön</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="77"/>
        <source>Blue</source>
        <translation>Blå</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="78"/>
        <source>Pink</source>
        <translation>Rosa</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="79"/>
        <source>Red</source>
        <translation>Röd</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="80"/>
        <source>Black</source>
        <translation>Svart</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="86"/>
        <location filename="../../desktop/viewer/annotation_bar.py" line="87"/>
        <source>Who sees new marks</source>
        <translation>Vem ser nya markeringar</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="88"/>
        <source>Private</source>
        <translation>Privat</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="89"/>
        <source>Share with committee</source>
        <translation>Dela med nämnden</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="90"/>
        <source>Share with secretariat</source>
        <translation>Dela med sekretariatet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="92"/>
        <source>Undo</source>
        <translation>Ångra</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="93"/>
        <source>Redo</source>
        <translation>Gör om</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="94"/>
        <source>Delete</source>
        <translation>Radera</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="95"/>
        <source>Edit note</source>
        <translation>Redigera anteckning</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="96"/>
        <source>Read and change the selected note&apos;s text</source>
        <translation>Läs och ändra texten i den valda anteckningen</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_bar.py" line="98"/>
        <source>Annotation status</source>
        <translation>Status för anteckningar</translation>
    </message>
</context>
<context>
    <name>Annotator</name>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="162"/>
        <source>Erase stroke</source>
        <translation>Radera streck</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="163"/>
        <location filename="../../desktop/viewer/annotator.py" line="283"/>
        <source>Delete mark</source>
        <translation>Radera markering</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="373"/>
        <source>Sticky note</source>
        <translation>Lapp</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="373"/>
        <source>Text note</source>
        <translation>Textanteckning</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="297"/>
        <source>Edit note</source>
        <translation>Redigera anteckning</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="194"/>
        <source>Change who sees it</source>
        <translation>Ändra vem som ser den</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="310"/>
        <source>Pen stroke</source>
        <translation>Pennstreck</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="336"/>
        <source>No text there to highlight.</source>
        <translation>Där finns ingen text att stryka över.</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="349"/>
        <source>Highlight</source>
        <translation>Överstrykning</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="369"/>
        <source>Note</source>
        <translation>Anteckning</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="375"/>
        <source>Your note:</source>
        <translation>Din anteckning:</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotator.py" line="375"/>
        <source>Save note</source>
        <translation>Spara anteckning</translation>
    </message>
</context>
<context>
    <name>BusyPage</name>
    <message>
        <location filename="../../desktop/screens/start.py" line="320"/>
        <source>Progress</source>
        <translation>Förlopp</translation>
    </message>
</context>
<context>
    <name>ChangedBanner</name>
    <message>
        <location filename="../../desktop/viewer/changed_banner.py" line="30"/>
        <source>What changed</source>
        <translation>Vad har ändrats</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/changed_banner.py" line="60"/>
        <source>New version: page(s) %1 changed.</source>
        <translation>Ny version: sida/sidor %1 har ändrats.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/viewer/changed_banner.py" line="64"/>
        <source>%n note(s) moved</source>
        <translation>
            <numerusform>%n anteckning flyttad</numerusform>
            <numerusform>%n anteckningar flyttade</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/viewer/changed_banner.py" line="64"/>
        <source>%n need(s) you</source>
        <translation>
            <numerusform>%n behöver dig</numerusform>
            <numerusform>%n behöver dig</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClampedTitle</name>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="135"/>
        <source>Tap to show the whole title</source>
        <translation>Tryck för att se hela titeln</translation>
    </message>
</context>
<context>
    <name>CommentThread</name>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="301"/>
        <source>Comments on %1&apos;s mark on page %2</source>
        <translation>Kommentarer till markeringen från %1 på sidan %2</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="232"/>
        <source>What these comments are on</source>
        <translation>Vad kommentarerna gäller</translation>
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
        <translation>Skriv en kommentar. Den skickas när du är online.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="243"/>
        <source>Send comment</source>
        <translation>Skicka kommentar</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="244"/>
        <source>Reply to selected</source>
        <translation>Svara på den valda</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="249"/>
        <source>Comment status</source>
        <translation>Status för kommentar</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="290"/>
        <source>This mark is private. Share it with the committee or secretariat to comment on it.</source>
        <translation>Den här markeringen är privat. Dela den med nämnden eller sekretariatet för att kommentera den.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="362"/>
        <source>No comments yet.</source>
        <translation>Inga kommentarer ännu.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="371"/>
        <source>Choose the comment to reply to first.</source>
        <translation>Välj först kommentaren du vill svara på.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="384"/>
        <source>Saved. It is sent when you are online.</source>
        <translation>Sparad. Den skickas när du är online.</translation>
    </message>
</context>
<context>
    <name>DecisionsPage</name>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="90"/>
        <location filename="../../desktop/screens/decisions.py" line="153"/>
        <source>Decisions</source>
        <translation>Beslut</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="92"/>
        <source>Cases to decide</source>
        <translation>Ärenden att besluta</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="93"/>
        <source>Deadline</source>
        <translation>Tidsfrist</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="93"/>
        <location filename="../../desktop/screens/decisions.py" line="141"/>
        <source>Case</source>
        <translation>Ärende</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="93"/>
        <source>Your decision</source>
        <translation>Ditt beslut</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="104"/>
        <source>Case description</source>
        <translation>Beskrivning av ärendet</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="112"/>
        <location filename="../../desktop/screens/decisions.py" line="379"/>
        <source>Approve</source>
        <translation>Godkänn</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="113"/>
        <location filename="../../desktop/screens/decisions.py" line="382"/>
        <source>Reject</source>
        <translation>Avslå</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="114"/>
        <source>Approve with a remark…</source>
        <translation>Godkänn med en kommentar…</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="120"/>
        <source>Decision status</source>
        <translation>Status för beslut</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="132"/>
        <source>Comments on this case</source>
        <translation>Kommentarer om ärendet</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="136"/>
        <source>Past decisions</source>
        <translation>Tidigare beslut</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="142"/>
        <source>Decision</source>
        <translation>Beslut</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="143"/>
        <source>Made</source>
        <translation>Fattat</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="144"/>
        <source>Confirmed</source>
        <translation>Bekräftat</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="145"/>
        <source>Receipt</source>
        <translation>Kvitto</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="154"/>
        <source>To decide</source>
        <translation>Att besluta</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="155"/>
        <source>History and receipts</source>
        <translation>Historik och kvitton</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="202"/>
        <source>Not decided yet</source>
        <translation>Inte beslutat ännu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="263"/>
        <source>You have decided this case; the history tab keeps the receipt.</source>
        <translation>Du har fattat beslut i det här ärendet; fliken Historik sparar kvittot.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="401"/>
        <source>Decision saved. It is sent when you are online.</source>
        <translation>Beslutet är sparat. Det skickas när du är online.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="329"/>
        <source>Approve with a remark</source>
        <translation>Godkänn med en kommentar</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="109"/>
        <source>Meeting of this case</source>
        <translation>Ärendets möte</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="110"/>
        <source>Open documents</source>
        <translation>Öppna dokument</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="279"/>
        <source>Meeting: %1 · agenda item %2</source>
        <translation>Möte: %1 · dagordningspunkt %2</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="283"/>
        <source>Meeting: %1</source>
        <translation>Möte: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="288"/>
        <source>The deadline passed on %1. Your organisation still lets you decide, but the server normally refuses a decision that arrives after the deadline; Folio then shows it as refused.</source>
        <translation>Tidsfristen gick ut %1. Din organisation låter dig fortfarande besluta, men servern avvisar normalt ett beslut som kommer efter tidsfristen; Folio visar det då som avvisat.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="330"/>
        <source>Your remark, sent with your approval of %1:</source>
        <translation>Din kommentar, som skickas med ditt godkännande av %1:</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="333"/>
        <source>Next</source>
        <translation>Nästa</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="348"/>
        <source>case %1: %2</source>
        <translation>ärende %1: %2</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="357"/>
        <source>Approve %1?</source>
        <translation>Godkänn %1?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="357"/>
        <source>Reject %1?</source>
        <translation>Avslå %1?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="360"/>
        <source>Your remark: “%1”</source>
        <translation>Din kommentar: ”%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="363"/>
        <source>Your decision is sent when this device is online. It cannot be changed once it is made.</source>
        <translation>Ditt beslut skickas när enheten är online. Det kan inte ändras när det väl är fattat.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="373"/>
        <source>By this device&apos;s clock the deadline has passed. If your decision reaches the server after the deadline, it is refused.</source>
        <translation>Enligt den här enhetens klocka har tidsfristen gått ut. Om ditt beslut når servern efter tidsfristen avvisas det.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="379"/>
        <source>Approve case %1</source>
        <translation>Godkänn ärende %1</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/decisions.py" line="382"/>
        <source>Reject case %1</source>
        <translation>Avslå ärende %1</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <location filename="../../desktop/viewer/document_viewer.py" line="104"/>
        <source>Document message</source>
        <translation>Meddelande om dokumentet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/document_viewer.py" line="140"/>
        <source>Choose a document from the agenda.</source>
        <translation>Välj ett dokument i dagordningen.</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/document_viewer.py" line="173"/>
        <source>Opening “%1”…</source>
        <translation>Öppnar ”%1”…</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="38"/>
        <location filename="../../desktop/viewer/find_bar.py" line="39"/>
        <source>Find in document</source>
        <translation>Sök i dokumentet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="43"/>
        <source>Previous</source>
        <translation>Föregående</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="43"/>
        <source>Previous match</source>
        <translation>Föregående träff</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="44"/>
        <source>Next</source>
        <translation>Nästa</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="44"/>
        <source>Next match</source>
        <translation>Nästa träff</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="48"/>
        <source>Matches</source>
        <translation>Träffar</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="49"/>
        <source>Close find</source>
        <translation>Stäng sökning</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="106"/>
        <source>Searching…</source>
        <translation>Söker…</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="124"/>
        <source>No matches</source>
        <translation>Inga träffar</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/find_bar.py" line="144"/>
        <source>%1 of %2</source>
        <translation>%1 av %2</translation>
    </message>
</context>
<context>
    <name>GoToPageSheet</name>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="120"/>
        <source>Go to page</source>
        <translation>Gå till sida</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="122"/>
        <source>This document has %1 pages.</source>
        <translation>Dokumentet har %1 sidor.</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="129"/>
        <source>Page number</source>
        <translation>Sidnummer</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="135"/>
        <source>Go</source>
        <translation>Gå dit</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="136"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
<context>
    <name>Guide</name>
    <message>
        <location filename="../../desktop/screens/guide.py" line="40"/>
        <source>The document gets the whole screen</source>
        <translation>Dokumentet får hela skärmen</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="41"/>
        <source>Open a meeting and tap a document: it fills the screen. Swipe or tap the edge of the page to turn pages. Agenda shows the meeting&apos;s items, and Meeting takes you back.</source>
        <translation>Öppna ett möte och tryck på ett dokument: det fyller hela skärmen. Svep eller tryck vid sidans kant för att bläddra. Dagordning visar mötets punkter, och Möte tar dig tillbaka.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="50"/>
        <source>Write on the pages</source>
        <translation>Skriv på sidorna</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="51"/>
        <source>Tap Annotate to highlight, draw with the pen or add a note. Your notes are private: only you can read them, unless you choose to share a mark with the committee.</source>
        <translation>Tryck på Anteckna för att stryka under, rita med pennan eller lägga till en anteckning. Dina anteckningar är privata: bara du kan läsa dem, om du inte väljer att dela en markering med nämnden.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="60"/>
        <source>Decide cases</source>
        <translation>Besluta i ärenden</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="61"/>
        <source>Decisions lists the cases waiting for you, with their deadlines. When you approve or reject, Folio names your choice and asks you to confirm before anything is sent.</source>
        <translation>Beslut visar ärendena som väntar på dig, med sina sista dagar. När du godkänner eller avslår upprepar Folio ditt val och ber dig bekräfta innan något skickas.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="70"/>
        <source>Works without a network</source>
        <translation>Fungerar utan nätverk</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="71"/>
        <source>Your meetings are kept encrypted on this tablet and open without a network. What you write or decide waits here and is sent at the next sync. The line at the bottom of the screen says how many changes wait: tap it to see them.</source>
        <translation>Dina möten sparas krypterade på den här surfplattan och öppnas utan nätverk. Det du skriver eller beslutar väntar här och skickas vid nästa synkronisering. Raden längst ned på skärmen visar hur många ändringar som väntar: tryck på den för att se dem.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="92"/>
        <source>Welcome to Folio</source>
        <translation>Välkommen till Folio</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="104"/>
        <source>You can open this guide again in Settings.</source>
        <translation>Du kan öppna den här guiden igen under Inställningar.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="108"/>
        <location filename="../../desktop/screens/guide.py" line="148"/>
        <source>Next</source>
        <translation>Nästa</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="109"/>
        <source>Back</source>
        <translation>Tillbaka</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="110"/>
        <source>Skip the guide</source>
        <translation>Hoppa över guiden</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="142"/>
        <source>{step} of {count}</source>
        <translation>{step} av {count}</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/guide.py" line="147"/>
        <source>Start reading</source>
        <translation>Börja läsa</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <location filename="../../desktop/screens/start.py" line="251"/>
        <source>Folio is locked</source>
        <translation>Folio är låst</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="252"/>
        <source>Enter your PIN to open your meeting material.</source>
        <translation>Ange din pinkod för att öppna ditt mötesmaterial.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="261"/>
        <location filename="../../desktop/screens/start.py" line="262"/>
        <source>PIN</source>
        <translation>Pinkod</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="270"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="272"/>
        <source>Unlock</source>
        <translation>Lås upp</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="295"/>
        <source>Unlocking…</source>
        <translation>Låser upp…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/start.py" line="284"/>
        <source>%n attempt(s) left.</source>
        <translation>
            <numerusform>%n försök kvar.</numerusform>
            <numerusform>%n försök kvar.</numerusform>
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
        <translation>Förbereder demomötena…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="181"/>
        <location filename="../../desktop/main_window.py" line="218"/>
        <source>Connecting to your organisation…</source>
        <translation>Ansluter till din organisation…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="367"/>
        <source>This device was wiped.</source>
        <translation>Enheten har raderats.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="162"/>
        <source>Your organisation has prepared this device: connect.</source>
        <translation>Din organisation har förberett den här enheten: tryck på Anslut.</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="155"/>
        <source>Your organisation has prepared this device: sign in with your user name and password, or your enrollment code.</source>
        <translation>Din organisation har förberett den här enheten: logga in med ditt användarnamn och lösenord eller din registreringskod.</translation>
    </message>
</context>
<context>
    <name>MeetingPage</name>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="232"/>
        <source>Pack state</source>
        <translation>Paketets status</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="234"/>
        <source>Meeting now</source>
        <translation>Mötet nu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="239"/>
        <location filename="../../desktop/screens/meeting.py" line="314"/>
        <source>Agenda</source>
        <translation>Dagordning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="261"/>
        <location filename="../../desktop/screens/meeting.py" line="521"/>
        <source>Closed item</source>
        <translation>Stängt ärende</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="265"/>
        <source>Proposal</source>
        <translation>Förslag till beslut</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="268"/>
        <source>Decision</source>
        <translation>Beslut</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="269"/>
        <location filename="../../desktop/screens/meeting.py" line="270"/>
        <source>Go to the decision</source>
        <translation>Gå till beslutet</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="273"/>
        <location filename="../../desktop/screens/meeting.py" line="276"/>
        <source>Documents</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="280"/>
        <source>This item has no documents.</source>
        <translation>Den här punkten har inga dokument.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="283"/>
        <source>Comments and notes</source>
        <translation>Kommentarer och anteckningar</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="306"/>
        <source>Agenda item</source>
        <translation>Dagordningspunkt</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="489"/>
        <source>Choose a document from the agenda.</source>
        <translation>Välj ett dokument i dagordningen.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="491"/>
        <source>This meeting has no documents yet.</source>
        <translation>Det här mötet har inga dokument ännu.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="515"/>
        <source>Downloading: %1%</source>
        <translation>Hämtar: %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="516"/>
        <source>Not ready: some documents are not on this device yet</source>
        <translation>Inte redo: vissa dokument finns inte på enheten än</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="523"/>
        <location filename="../../desktop/screens/meeting.py" line="590"/>
        <source>Needs decision</source>
        <translation>Kräver beslut</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/meeting.py" line="529"/>
        <source>(%n page(s))</source>
        <translation>
            <numerusform>(%n sida)</numerusform>
            <numerusform>(%n sidor)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="531"/>
        <source>not on this device yet</source>
        <translation>inte på enheten än</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="533"/>
        <source>changed</source>
        <translation>ändrat</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="557"/>
        <source>Closed item: confidential, not for the public.</source>
        <translation>Stängt ärende: konfidentiellt, inte för allmänheten.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="561"/>
        <source>No proposal text.</source>
        <translation>Inget förslag till beslut.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="578"/>
        <source>Your decision: %1</source>
        <translation>Ditt beslut: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="584"/>
        <source>Needs your decision</source>
        <translation>Väntar på ditt beslut</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="588"/>
        <source>Decided</source>
        <translation>Beslutat</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meeting.py" line="592"/>
        <source>Decision needed by %1</source>
        <translation>Beslut senast %1</translation>
    </message>
</context>
<context>
    <name>MeetingsPage</name>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="385"/>
        <location filename="../../desktop/screens/meetings.py" line="399"/>
        <source>Meetings</source>
        <extracomment>A card is never narrower than this many average characters: below it one column.</extracomment>
        <translation>Möten</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="386"/>
        <source>Committee</source>
        <translation>Nämnd</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="388"/>
        <source>Committee filter</source>
        <translation>Filtrera på nämnd</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="414"/>
        <source>No meetings on this device yet.</source>
        <translation>Det finns inga möten på enheten än.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="415"/>
        <source>No meetings</source>
        <translation>Inga möten</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="423"/>
        <source>All committees</source>
        <translation>Alla nämnder</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="448"/>
        <source>Upcoming</source>
        <translation>Kommande</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="448"/>
        <source>Past</source>
        <translation>Tidigare</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="490"/>
        <source>Some documents failed to download</source>
        <translation>Vissa dokument kunde inte hämtas</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/meetings.py" line="499"/>
        <source>%n new document(s)</source>
        <translation>
            <numerusform>%n nytt dokument</numerusform>
            <numerusform>%n nya dokument</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/meetings.py" line="501"/>
        <source>%n decision(s) due</source>
        <translation>
            <numerusform>%n beslut väntar</numerusform>
            <numerusform>%n beslut väntar</numerusform>
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
        <translation>Ändrat sedan du läste det</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="488"/>
        <source>Downloading: %1%</source>
        <translation>Hämtar: %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/meetings.py" line="491"/>
        <source>Not downloaded yet</source>
        <translation>Inte hämtat än</translation>
    </message>
</context>
<context>
    <name>MyNotesPanel</name>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="162"/>
        <source>My notes</source>
        <translation>Mina anteckningar</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="166"/>
        <source>No notes yet. Use the pen or highlighter on a document.</source>
        <translation>Inga anteckningar ännu. Använd pennan eller överstrykningspennan i ett dokument.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="180"/>
        <source>page %1</source>
        <translation>sida %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="187"/>
        <source>Needs review: could not be placed on the new version</source>
        <translation>Behöver granskas: kunde inte placeras i den nya versionen</translation>
    </message>
</context>
<context>
    <name>NavigationPanel</name>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="128"/>
        <source>Page thumbnails</source>
        <translation>Sidminiatyrer</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="133"/>
        <location filename="../../desktop/viewer/navigation_panel.py" line="142"/>
        <source>Outline</source>
        <translation>Innehåll</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="137"/>
        <location filename="../../desktop/viewer/navigation_panel.py" line="143"/>
        <source>Bookmarks</source>
        <translation>Bokmärken</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="140"/>
        <source>Navigation panel</source>
        <translation>Navigeringspanel</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="141"/>
        <source>Pages</source>
        <translation>Sidor</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="204"/>
        <source>This document has no outline.</source>
        <translation>Dokumentet har ingen innehållsförteckning.</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="229"/>
        <source>Page %1</source>
        <translation>Sida %1</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="53"/>
        <source>Highlight</source>
        <translation>Överstrykning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="54"/>
        <source>Drawing</source>
        <translation>Teckning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="55"/>
        <source>Note</source>
        <translation>Anteckning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="56"/>
        <source>Text on the page</source>
        <translation>Text på sidan</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="57"/>
        <source>Mark</source>
        <translation>Markering</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="59"/>
        <source>Mark removed</source>
        <translation>Markering borttagen</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="61"/>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="64"/>
        <source>Decision: approve</source>
        <translation>Beslut: godkänn</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="65"/>
        <source>Decision: reject</source>
        <translation>Beslut: avslå</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="66"/>
        <source>Decision</source>
        <translation>Beslut</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="69"/>
        <source>Bookmark set</source>
        <translation>Bokmärke satt</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="70"/>
        <source>Bookmark removed</source>
        <translation>Bokmärke borttaget</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="71"/>
        <source>Bookmark</source>
        <translation>Bokmärke</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="72"/>
        <source>Change</source>
        <translation>Ändring</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="80"/>
        <source>“{title}”, page {page}</source>
        <translation>”{title}”, sida {page}</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="83"/>
        <source>“{title}”</source>
        <translation>”{title}”</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="108"/>
        <source>{what} on {about}</source>
        <translation>{what} – {about}</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="116"/>
        <source>Made {when}</source>
        <translation>Gjord {when}</translation>
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
        <translation>Dina ändringar</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="150"/>
        <source>Sync now</source>
        <translation>Synkronisera nu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="153"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="189"/>
        <source>Everything you changed on this tablet has reached the server.</source>
        <translation>Allt du har ändrat på den här surfplattan har nått servern.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/outbox.py" line="192"/>
        <source>What you change on this tablet is kept here until the server confirms it: nothing is lost while you are offline.</source>
        <translation>Det du ändrar på den här surfplattan sparas här tills servern har bekräftat det: inget går förlorat medan du är offline.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/outbox.py" line="199"/>
        <source>Waiting to be sent (%n)</source>
        <translation>
            <numerusform>Väntar på att skickas (%n)</numerusform>
            <numerusform>Väntar på att skickas (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/outbox.py" line="203"/>
        <source>Refused by the server (%n)</source>
        <translation>
            <numerusform>Avvisad av servern (%n)</numerusform>
            <numerusform>Avvisade av servern (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <location filename="../../desktop/viewer/page_view.py" line="72"/>
        <source>Document pages</source>
        <translation>Dokumentets sidor</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/page_view.py" line="77"/>
        <source>Scroll pages</source>
        <translation>Rulla sidorna</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/page_view.py" line="78"/>
        <source>Scroll sideways</source>
        <translation>Rulla i sidled</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/page_view.py" line="370"/>
        <source>Page %1</source>
        <translation>Sida %1</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="71"/>
        <source>Clear</source>
        <translation>Rensa</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="72"/>
        <source>Delete</source>
        <translation>Radera</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="83"/>
        <source>Show PIN</source>
        <translation>Visa pinkod</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="85"/>
        <location filename="../../desktop/widgets/pinpad.py" line="118"/>
        <source>Use a passphrase</source>
        <translation>Använd en lösenfras</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="118"/>
        <source>Use the number keys</source>
        <translation>Använd siffertangenterna</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="128"/>
        <source>passphrase</source>
        <translation>lösenfras</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="128"/>
        <source>PIN</source>
        <translation>pinkod</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="130"/>
        <source>Hide %1</source>
        <translation>Dölj %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/pinpad.py" line="130"/>
        <source>Show %1</source>
        <translation>Visa %1</translation>
    </message>
</context>
<context>
    <name>PinScreens</name>
    <message numerus="yes">
        <location filename="../../desktop/screens/start.py" line="145"/>
        <source>After %n wrong PIN(s) in a row, this device&apos;s meeting material is wiped.</source>
        <translation>
            <numerusform>Efter %n fel pinkod i rad raderas enhetens mötesmaterial.</numerusform>
            <numerusform>Efter %n fel pinkoder i rad raderas enhetens mötesmaterial.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="155"/>
        <source>Forgot your PIN? Nobody can recover it, not even IT. Once the device is wiped, connect it to your organisation again and your meetings download again; changes not yet sent are lost.</source>
        <translation>Har du glömt din pinkod? Ingen kan återställa den, inte ens IT. När enheten har raderats ansluter du den till din organisation igen, och dina möten hämtas på nytt; ändringar som ännu inte har skickats går förlorade.</translation>
    </message>
</context>
<context>
    <name>PinSetupPage</name>
    <message>
        <location filename="../../desktop/screens/start.py" line="177"/>
        <source>Choose a PIN</source>
        <translation>Välj en pinkod</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="193"/>
        <location filename="../../desktop/screens/start.py" line="195"/>
        <source>New PIN</source>
        <translation>Ny pinkod</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="194"/>
        <location filename="../../desktop/screens/start.py" line="196"/>
        <source>Repeat the PIN</source>
        <translation>Upprepa pinkoden</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="203"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="205"/>
        <source>Set PIN</source>
        <translation>Spara pinkod</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="226"/>
        <source>Use at least %1 digits.</source>
        <translation>Använd minst %1 siffror.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="230"/>
        <source>The two PINs are not the same.</source>
        <translation>De två pinkoderna är inte lika.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="180"/>
        <source>Your PIN unlocks Folio on this device. Use at least %1 digits, or switch to the keyboard for a passphrase of at least %2 characters.</source>
        <translation>Din pinkod låser upp Folio på den här enheten. Använd minst %1 siffror, eller byt till tangentbordet för en lösenfras på minst %2 tecken.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="221"/>
        <source>Use at least %1 characters.</source>
        <translation>Använd minst %1 tecken.</translation>
    </message>
</context>
<context>
    <name>PrivateNotes</name>
    <message>
        <location filename="../../desktop/screens/notes.py" line="100"/>
        <source>If this is the last tablet that opens your private notes, only your recovery key can bring them back after the wipe.</source>
        <translation>Om det här är den sista surfplattan som kan öppna dina privata anteckningar kan bara din återställningsnyckel få tillbaka dem efter raderingen.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="108"/>
        <source>This is the last tablet that can open your private notes, and you have not written down your recovery key. After the wipe your private notes are gone for good: nobody can bring them back, not even IT. Write the key down first: Show recovery key, under Private notes in Settings.</source>
        <translation>Det här är den sista surfplattan som kan öppna dina privata anteckningar, och du har inte skrivit ner din återställningsnyckel. Efter raderingen är dina privata anteckningar borta för alltid: ingen kan få tillbaka dem, inte ens IT. Skriv ner nyckeln först: Visa återställningsnyckel under Privata anteckningar i Inställningar.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="115"/>
        <source>This is the last tablet that can open your private notes. After the wipe only your recovery key can bring them back: keep it at hand.</source>
        <translation>Det här är den sista surfplattan som kan öppna dina privata anteckningar. Efter raderingen kan bara din återställningsnyckel få tillbaka dem: ha den till hands.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="165"/>
        <location filename="../../desktop/screens/notes.py" line="404"/>
        <source>“{name}” asks to open your private notes.</source>
        <translation>”{name}” ber om att få öppna dina privata anteckningar.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="168"/>
        <location filename="../../desktop/screens/notes.py" line="537"/>
        <source>Review request</source>
        <translation>Granska begäran</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="170"/>
        <source>Write down your recovery key: it is the only way back to your private notes if you lose your tablets.</source>
        <translation>Skriv ner din återställningsnyckel: den är enda vägen tillbaka till dina privata anteckningar om du förlorar dina surfplattor.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="175"/>
        <location filename="../../desktop/screens/notes.py" line="536"/>
        <source>Show recovery key</source>
        <translation>Visa återställningsnyckel</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="179"/>
        <source>Your private notes wait for approval on your other tablet. Code: {code}</source>
        <translation>Dina privata anteckningar väntar på godkännande på din andra surfplatta. Kod: {code}</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="184"/>
        <source>Your private notes wait for approval on your other tablet.</source>
        <translation>Dina privata anteckningar väntar på godkännande på din andra surfplatta.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="187"/>
        <location filename="../../desktop/screens/notes.py" line="231"/>
        <location filename="../../desktop/screens/notes.py" line="538"/>
        <source>Approve this tablet</source>
        <translation>Godkänn den här surfplattan</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="189"/>
        <source>Your recovery key is checked at the next sync.</source>
        <translation>Din återställningsnyckel kontrolleras vid nästa synkronisering.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="194"/>
        <source>That recovery key did not open your private notes.</source>
        <translation>Den återställningsnyckeln öppnade inte dina privata anteckningar.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="197"/>
        <source>Type it again</source>
        <translation>Skriv den igen</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="233"/>
        <source>Your private notes open on this tablet once you approve it on a tablet you already use. Open Folio there: it asks about this tablet. Approve it only if it shows the same code as here.</source>
        <translation>Dina privata anteckningar öppnas på den här surfplattan när du har godkänt den på en surfplatta du redan använder. Öppna Folio där: den frågar om den här surfplattan. Godkänn den bara om den visar samma kod som här.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="240"/>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="245"/>
        <location filename="../../desktop/screens/notes.py" line="362"/>
        <location filename="../../desktop/screens/notes.py" line="363"/>
        <location filename="../../desktop/screens/notes.py" line="374"/>
        <location filename="../../desktop/screens/notes.py" line="375"/>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="248"/>
        <source>I have no other tablet</source>
        <translation>Jag har ingen annan surfplatta</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="259"/>
        <location filename="../../desktop/screens/notes.py" line="446"/>
        <source>Code {code}</source>
        <translation>Kod {code}</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="264"/>
        <source>Both tablets must show this code.</source>
        <translation>Båda surfplattorna ska visa den här koden.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="268"/>
        <location filename="../../desktop/screens/notes.py" line="450"/>
        <source>No code yet</source>
        <translation>Ingen kod ännu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="270"/>
        <source>The code appears once your other tablet has seen the request: sync there, then here.</source>
        <translation>Koden visas när din andra surfplatta har sett begäran: synkronisera där och sedan här.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="295"/>
        <source>Type your recovery key</source>
        <translation>Skriv din återställningsnyckel</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="297"/>
        <source>The recovery key you wrote down when you set up your first tablet: seven groups of four letters and digits. Capitals and dashes do not matter.</source>
        <translation>Återställningsnyckeln du skrev ner när du konfigurerade din första surfplatta: sju grupper med fyra bokstäver och siffror. Versaler och bindestreck spelar ingen roll.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="305"/>
        <location filename="../../desktop/screens/notes.py" line="480"/>
        <source>Recovery key</source>
        <translation>Återställningsnyckel</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="313"/>
        <source>Open my private notes</source>
        <translation>Öppna mina privata anteckningar</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="315"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="365"/>
        <source>Checking your recovery key with the server…</source>
        <translation>Kontrollerar din återställningsnyckel med servern…</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="379"/>
        <source>Your private notes open on this tablet.</source>
        <translation>Dina privata anteckningar öppnas på den här surfplattan.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="394"/>
        <source>Approve “{name}”?</source>
        <translation>Godkänn ”{name}”?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="400"/>
        <source>“{name}” asked at {time} to open your private notes.</source>
        <translation>”{name}” bad {time} om att få öppna dina privata anteckningar.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="409"/>
        <source>Approve only if it is your tablet and it shows this code:</source>
        <translation>Godkänn bara om det är din surfplatta och den visar den här koden:</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="424"/>
        <source>If the codes differ, or you did not just set up a tablet, choose Not mine: it gets nothing. Then tell IT, as someone may know your password.</source>
        <translation>Om koderna skiljer sig åt, eller om du inte just har konfigurerat en surfplatta, välj Inte min: den får ingenting. Säg sedan till IT, eftersom någon kanske känner till ditt lösenord.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="432"/>
        <source>Approve</source>
        <translation>Godkänn</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="434"/>
        <source>Not mine</source>
        <translation>Inte min</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="470"/>
        <source>Your recovery key</source>
        <translation>Din återställningsnyckel</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="472"/>
        <source>Write this key on paper and keep it somewhere safe, away from your tablet. If you lose every tablet you use Folio on, it is the only way back to your private notes: nobody else can open them, not even IT.</source>
        <translation>Skriv nyckeln på papper och förvara den på ett säkert ställe, inte tillsammans med surfplattan. Om du förlorar alla surfplattor du använder Folio på är den enda vägen tillbaka till dina privata anteckningar: ingen annan kan öppna dem, inte ens IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="484"/>
        <source>Folio shows it until you confirm, in Settings under Private notes.</source>
        <translation>Folio visar den tills du bekräftar, i Inställningar under Privata anteckningar.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="494"/>
        <source>I have written it down</source>
        <translation>Jag har skrivit ner den</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="496"/>
        <source>Later</source>
        <translation>Senare</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="527"/>
        <location filename="../../desktop/screens/notes.py" line="533"/>
        <source>Private notes</source>
        <translation>Privata anteckningar</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="530"/>
        <location filename="../../desktop/screens/notes.py" line="549"/>
        <location filename="../../desktop/screens/notes.py" line="565"/>
        <source>Not set up on this device.</source>
        <translation>Inte konfigurerat på den här enheten.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="539"/>
        <source>Type recovery key</source>
        <translation>Skriv återställningsnyckel</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="551"/>
        <source>Your private notes are sealed: only your approved tablets can read them.</source>
        <translation>Dina privata anteckningar är förseglade: bara dina godkända surfplattor kan läsa dem.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="556"/>
        <source>This is the only tablet that holds the key.</source>
        <translation>Det här är den enda surfplattan som har nyckeln.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="560"/>
        <source>This tablet waits for approval before it can open your private notes.</source>
        <translation>Den här surfplattan väntar på godkännande innan den kan öppna dina privata anteckningar.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="640"/>
        <source>This recovery key does not open your private notes. Check it against what you wrote down and type it again. Nothing was changed.</source>
        <translation>Den här återställningsnyckeln öppnar inte dina privata anteckningar. Jämför den med det du skrev ner och skriv den igen. Inget ändrades.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="736"/>
        <source>That is not a recovery key: one of its groups is mistyped. Check each group and type it again. Nothing was changed.</source>
        <translation>Det är ingen återställningsnyckel: en av grupperna är felskriven. Kontrollera varje grupp och skriv den igen. Inget ändrades.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="416"/>
        <source>The code appears here once the new tablet has synced again.</source>
        <translation>Koden visas här när den nya surfplattan har synkroniserat igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="316"/>
        <source>I have lost it too</source>
        <translation>Jag har förlorat den också</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="697"/>
        <source>Start your private notes over?</source>
        <translation>Börja om med dina privata anteckningar?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="698"/>
        <source>This tablet makes a new key for your private notes, with a new recovery key to write down. The notes you write here are kept and reach your other tablets once you approve them.</source>
        <translation>Den här surfplattan skapar en ny nyckel för dina privata anteckningar, med en ny återställningsnyckel att skriva ner. Anteckningarna du skriver här behålls och når dina andra surfplattor när du godkänner dem.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="704"/>
        <source>Start over</source>
        <translation>Börja om</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="706"/>
        <source>Private notes written on your earlier tablets cannot be opened again. If another tablet of yours still has them, approve this one there instead.</source>
        <translation>Privata anteckningar som skrivits på dina tidigare surfplattor kan inte öppnas igen. Om en annan av dina surfplattor fortfarande har dem, godkänn den här där i stället.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/notes.py" line="705"/>
        <source>Go back</source>
        <translation>Gå tillbaka</translation>
    </message>
</context>
<context>
    <name>ReaderShell</name>
    <message>
        <location filename="../../desktop/screens/shell.py" line="76"/>
        <source>Meetings</source>
        <translation>Möten</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="79"/>
        <location filename="../../desktop/screens/shell.py" line="80"/>
        <source>Search all meetings</source>
        <translation>Sök i alla möten</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="84"/>
        <source>Decisions</source>
        <translation>Beslut</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="86"/>
        <source>Settings</source>
        <translation>Inställningar</translation>
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
        <translation>Mina anteckningar</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="144"/>
        <location filename="../../desktop/screens/shell.py" line="382"/>
        <source>Export annotated PDF</source>
        <translation>Exportera PDF med anteckningar</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="145"/>
        <location filename="../../desktop/screens/shell.py" line="399"/>
        <source>Export my meeting sheet</source>
        <translation>Exportera mitt mötesblad</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="368"/>
        <source>Managed by your organisation: export is turned off.</source>
        <translation>Styrs av din organisation: export är avstängd.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="370"/>
        <source>Save this document with your notes as a PDF</source>
        <translation>Spara dokumentet med dina anteckningar som PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="371"/>
        <source>Save your notes for this meeting as a PDF</source>
        <translation>Spara dina anteckningar för mötet som PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="379"/>
        <source>Open a document first.</source>
        <translation>Öppna ett dokument först.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="388"/>
        <location filename="../../desktop/screens/shell.py" line="405"/>
        <source>Exported.</source>
        <translation>Exporterat.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="396"/>
        <source>Open a meeting first.</source>
        <translation>Öppna ett möte först.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="568"/>
        <source>Syncing…</source>
        <translation>Synkroniserar…</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="571"/>
        <source>Sync finished.</source>
        <translation>Synkroniseringen är klar.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="579"/>
        <source>Checking for updates…</source>
        <translation>Söker efter uppdateringar…</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="598"/>
        <source>Folio {version} is available (you have {installed}). Your organisation&apos;s IT installs it.</source>
        <translation>Folio {version} finns (du har {installed}). Din organisations IT installerar den.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="602"/>
        <source>Update checks are turned off by your organisation or not set up.</source>
        <translation>Sökning efter uppdateringar är avstängd av din organisation eller inte inställd.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="604"/>
        <source>Folio is up to date.</source>
        <translation>Folio är uppdaterad.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/shell.py" line="606"/>
        <source>This version is no longer supported: ask IT to update it.</source>
        <translation>Den här versionen stöds inte längre: be IT att uppdatera den.</translation>
    </message>
</context>
<context>
    <name>ReadingBar</name>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="37"/>
        <source>Reading bar</source>
        <translation>Läsfält</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="38"/>
        <source>Meeting</source>
        <translation>Möte</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="39"/>
        <source>Back to the meeting</source>
        <translation>Tillbaka till mötet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="40"/>
        <source>Agenda</source>
        <translation>Dagordning</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="41"/>
        <source>Show the agenda</source>
        <translation>Visa dagordningen</translation>
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
        <translation>Sida</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="51"/>
        <location filename="../../desktop/viewer/reading_bar.py" line="92"/>
        <source>Go to a page</source>
        <translation>Gå till en sida</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="52"/>
        <source>Find</source>
        <translation>Sök</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="53"/>
        <source>Find in document</source>
        <translation>Sök i dokumentet</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="54"/>
        <location filename="../../desktop/viewer/reading_bar.py" line="96"/>
        <source>Annotate</source>
        <translation>Anteckna</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="55"/>
        <location filename="../../desktop/viewer/reading_bar.py" line="98"/>
        <source>Show the annotation tools</source>
        <translation>Visa verktygen för anteckningar</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="56"/>
        <source>More</source>
        <translation>Mer</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="57"/>
        <source>More: pages, zoom, bookmarks, export</source>
        <translation>Mer: sidor, zoom, bokmärken, export</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="90"/>
        <source>Page %1 of %2</source>
        <translation>Sida %1 av %2</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="96"/>
        <source>Annotating</source>
        <translation>Antecknar</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/reading_bar.py" line="98"/>
        <source>Hide the annotation tools</source>
        <translation>Dölj verktygen för anteckningar</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../desktop/screens/search.py" line="30"/>
        <source>Search</source>
        <translation>Sök</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="33"/>
        <source>Search summary</source>
        <translation>Sökresultat totalt</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="36"/>
        <source>Search results</source>
        <translation>Sökresultat</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="53"/>
        <source>Search: %1</source>
        <translation>Sökning: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="55"/>
        <source>Nothing found for “%1”.</source>
        <translation>Inget hittades för ”%1”.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/search.py" line="63"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n träff</numerusform>
            <numerusform>%n träffar</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="65"/>
        <source>Agenda</source>
        <translation>Dagordning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="66"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="67"/>
        <source>My note</source>
        <translation>Min anteckning</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="85"/>
        <source>page %1</source>
        <translation>sida %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/search.py" line="76"/>
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n träff</numerusform>
            <numerusform>%n träffar</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/screens/search.py" line="58"/>
        <source>The first %1 results: add a word to find fewer.</source>
        <translation>De första %1 resultaten: lägg till ett ord för att hitta färre.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/screens/settings.py" line="41"/>
        <source>Settings</source>
        <extracomment>&quot;Sign out and wipe&quot; was tapped: the reader shell reads where her private notes stand (vault lane) and calls ``confirm_wipe`` with it</extracomment>
        <translation>Inställningar</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="44"/>
        <location filename="../../desktop/screens/settings.py" line="54"/>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="45"/>
        <source>System language</source>
        <translation>Systemets språk</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="58"/>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="59"/>
        <source>Lock after minutes without use</source>
        <translation>Lås efter minuter utan användning</translation>
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
        <translation>Använt lagringsutrymme</translation>
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
        <translation>Synkronisera nu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="99"/>
        <source>Lock now</source>
        <translation>Lås nu</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="101"/>
        <source>Check for updates</source>
        <translation>Sök efter uppdateringar</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="103"/>
        <source>Show the guide</source>
        <translation>Visa guiden</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="107"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="108"/>
        <source>Sign out and wipe this device…</source>
        <translation>Logga ut och radera enheten…</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="126"/>
        <source>Not connected (demo or offline copy)</source>
        <translation>Inte ansluten (demo eller offlinekopia)</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="136"/>
        <source>Wipe this device?</source>
        <translation>Radera enheten?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="138"/>
        <source>This removes every meeting, document and note from this device. Changes not yet sent to the server are lost.</source>
        <translation>Detta tar bort alla möten, dokument och anteckningar från enheten. Ändringar som inte har skickats till servern går förlorade.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="141"/>
        <source>Wipe this device</source>
        <translation>Radera enheten</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="67"/>
        <location filename="../../desktop/screens/settings.py" line="68"/>
        <source>Managed by your organisation</source>
        <translation>Hanteras av din organisation</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="76"/>
        <source>Your organisation&apos;s policy could not be read. The last good policy applies; ask IT to check it.</source>
        <translation>Organisationens policy kunde inte läsas. Den senaste giltiga policyn gäller; be IT att se över den.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="80"/>
        <source>Your organisation&apos;s policy could not be read. The strictest settings apply; ask IT to check it.</source>
        <translation>Organisationens policy kunde inte läsas. De strängaste inställningarna gäller; be IT att se över den.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/settings.py" line="142"/>
        <source>Keep this device</source>
        <translation>Behåll enheten</translation>
    </message>
</context>
<context>
    <name>Sheet</name>
    <message>
        <location filename="../../desktop/widgets/sheets.py" line="264"/>
        <source>Save</source>
        <extracomment>the card&apos;s widest and narrowest widths in logical pixels at 96 dpi</extracomment>
        <translation>Spara</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/sheets.py" line="266"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/sheets.py" line="323"/>
        <source>Go back</source>
        <translation>Gå tillbaka</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <location filename="../../desktop/widgets/status.py" line="157"/>
        <source>Update required</source>
        <translation>Uppdatering krävs</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="186"/>
        <source>⚠ Update required</source>
        <translation>⚠ Uppdatering krävs</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="189"/>
        <source>This Folio must be updated: your organisation requires a newer version. What is on this device still opens; changes wait here until IT updates Folio.</source>
        <translation>Folio måste uppdateras: din organisation kräver en nyare version. Det som finns på enheten går fortfarande att öppna; ändringar väntar här tills IT har uppdaterat Folio.</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="161"/>
        <source>Download progress</source>
        <translation>Hämtning</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="152"/>
        <source>Message</source>
        <extracomment>the reader tapped the counts: show what waits and what was refused</extracomment>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="163"/>
        <source>Connection</source>
        <translation>Anslutning</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="164"/>
        <source>Last sync</source>
        <translation>Senaste synkronisering</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="173"/>
        <source>Locked</source>
        <translation>Låst</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="202"/>
        <source>○ Offline copy: no server connected</source>
        <translation>○ Offlinekopia: ingen server ansluten</translation>
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
            <numerusform>%n ändring väntar på att skickas</numerusform>
            <numerusform>%n ändringar väntar på att skickas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/widgets/status.py" line="215"/>
        <source>%n refused by the server</source>
        <translation>
            <numerusform>%n avvisad av servern</numerusform>
            <numerusform>%n avvisade av servern</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="219"/>
        <source>Last sync: %1</source>
        <translation>Senaste synkronisering: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="222"/>
        <source>Last sync: never</source>
        <translation>Senaste synkronisering: aldrig</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="227"/>
        <location filename="../../desktop/widgets/status.py" line="246"/>
        <source>Downloading %p%</source>
        <translation>Hämtar %p%</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/status.py" line="242"/>
        <source>⟳ Syncing…</source>
        <translation>⟳ Synkroniserar…</translation>
    </message>
</context>
<context>
    <name>ThumbnailModel</name>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="76"/>
        <source>%1 · changed</source>
        <translation>%1 · ändrad</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="80"/>
        <source>Page %1, changed in this version</source>
        <translation>Sida %1, ändrad i denna version</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/navigation_panel.py" line="81"/>
        <source>Page %1</source>
        <translation>Sida %1</translation>
    </message>
</context>
<context>
    <name>ToolPalette</name>
    <message>
        <location filename="../../desktop/viewer/tool_palette.py" line="27"/>
        <source>Annotation tools</source>
        <translation>Verktyg för anteckningar</translation>
    </message>
</context>
<context>
    <name>ViewerControls</name>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="30"/>
        <source>Previous item</source>
        <translation>Föregående punkt</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="31"/>
        <source>Next item</source>
        <translation>Nästa punkt</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="32"/>
        <source>Fit width</source>
        <translation>Anpassa bredd</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="33"/>
        <source>Fit page</source>
        <translation>Anpassa sida</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="37"/>
        <source>Zoom out</source>
        <translation>Zooma ut</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="38"/>
        <source>Zoom in</source>
        <translation>Zooma in</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="41"/>
        <source>Pages</source>
        <translation>Sidor</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="43"/>
        <location filename="../../desktop/viewer/viewer_controls.py" line="93"/>
        <source>Bookmark</source>
        <translation>Bokmärke</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="44"/>
        <location filename="../../desktop/viewer/viewer_controls.py" line="108"/>
        <source>Night mode</source>
        <translation>Nattläge</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="50"/>
        <source>More</source>
        <translation>Mer</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="93"/>
        <source>Bookmarked</source>
        <translation>Bokmärkt</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/viewer_controls.py" line="108"/>
        <source>Night mode on</source>
        <translation>Nattläge på</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../desktop/screens/start.py" line="75"/>
        <source>Welcome to Folio</source>
        <translation>Välkommen till Folio</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="78"/>
        <source>Folio keeps your meeting material on this device, encrypted, and readable without a network.</source>
        <translation>Folio sparar ditt mötesmaterial krypterat på den här enheten, läsbart utan nätverk.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="84"/>
        <source>Connect to your organisation</source>
        <translation>Anslut till din organisation</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="93"/>
        <source>Server address</source>
        <translation>Serveradress</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="94"/>
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="95"/>
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="96"/>
        <source>Or enrollment code</source>
        <translation>Eller registreringskod</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="102"/>
        <source>Connect</source>
        <translation>Anslut</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="107"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="110"/>
        <source>Just looking?</source>
        <translation>Vill du bara titta?</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="111"/>
        <source>Try the demo</source>
        <translation>Prova demon</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="123"/>
        <source>Enter your organisation&apos;s server address.</source>
        <translation>Ange din organisations serveradress.</translation>
    </message>
    <message>
        <location filename="../../desktop/screens/start.py" line="127"/>
        <source>Enter a user name and password, or an enrollment code.</source>
        <translation>Ange användarnamn och lösenord eller en registreringskod.</translation>
    </message>
</context>
<context>
    <name>annotations</name>
    <message>
        <location filename="../../desktop/viewer/annotation_layer.py" line="39"/>
        <source>Shared: committee</source>
        <translation>Delad: nämnden</translation>
    </message>
    <message>
        <location filename="../../desktop/viewer/annotation_layer.py" line="41"/>
        <source>Shared: secretariat</source>
        <translation>Delad: sekretariatet</translation>
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
        <translation>Beslutat på din andra surfplatta: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="113"/>
        <source>on your other tablet</source>
        <translation>på din andra surfplatta</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="93"/>
        <source>Waiting to send</source>
        <translation>Väntar på att skickas</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="95"/>
        <source>Sent</source>
        <translation>Skickad</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="97"/>
        <source>Confirmed</source>
        <translation>Bekräftat</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="98"/>
        <location filename="../../desktop/widgets/discussion.py" line="400"/>
        <source>Rejected</source>
        <translation>Avvisad</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="130"/>
        <source>No deadline</source>
        <translation>Ingen tidsfrist</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="135"/>
        <source>Overdue since %1</source>
        <translation>Försenad sedan %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/widgets/discussion.py" line="74"/>
        <source>Due within %n day(s): %1</source>
        <translation>
            <numerusform>Senast inom %n dag: %1</numerusform>
            <numerusform>Senast inom %n dagar: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/widgets/discussion.py" line="75"/>
        <source>Due within %n hour(s): %1</source>
        <translation>
            <numerusform>Senast inom %n timme: %1</numerusform>
            <numerusform>Senast inom %n timmar: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="142"/>
        <source>Due %1</source>
        <translation>Senast %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="147"/>
        <source>Highlight</source>
        <translation>Överstrykning</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="148"/>
        <source>Drawing</source>
        <translation>Teckning</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="149"/>
        <source>Sticky note</source>
        <translation>Lapp</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="150"/>
        <source>Text note</source>
        <translation>Textanteckning</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="202"/>
        <source>Comments on your highlight on page %1</source>
        <translation>Kommentarer till din överstrykning på sidan %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="205"/>
        <source>Comments on your drawing on page %1</source>
        <translation>Kommentarer till din teckning på sidan %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="208"/>
        <source>Comments on your sticky note on page %1</source>
        <translation>Kommentarer till din lapp på sidan %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="211"/>
        <source>Comments on your text note on page %1</source>
        <translation>Kommentarer till din textanteckning på sidan %1</translation>
    </message>
    <message>
        <location filename="../../desktop/widgets/discussion.py" line="398"/>
        <source>Approved</source>
        <translation>Godkänt</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../desktop/errors.py" line="165"/>
        <source>Your decision on this case had already reached the server from another of your devices. Nothing more is needed.</source>
        <translation>Ditt beslut i det här ärendet hade redan nått servern från en annan av dina enheter. Du behöver inte göra något mer.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="170"/>
        <source>The case was withdrawn before your decision arrived, so no decision is needed. Ask the secretariat if you have questions.</source>
        <translation>Ärendet drogs tillbaka innan ditt beslut kom fram, så inget beslut behövs. Fråga sekretariatet om du har frågor.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="175"/>
        <source>The case was changed after you decided. Read the new version and decide again.</source>
        <translation>Ärendet ändrades efter att du hade beslutat. Läs den nya versionen och besluta igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="179"/>
        <source>The deadline had passed when your decision reached the server, so it was not counted. Contact the secretariat if it must still be considered.</source>
        <translation>Tidsfristen hade gått ut när ditt beslut nådde servern, så det räknades inte. Kontakta sekretariatet om det ändå ska beaktas.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="184"/>
        <source>You no longer have access to this material, so the server did not accept the change. Ask the secretariat if you think this is wrong.</source>
        <translation>Du har inte längre åtkomst till det här materialet, så servern tog inte emot ändringen. Fråga sekretariatet om du tror att det är fel.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="189"/>
        <source>The meeting is closed for changes, so the server did not accept this one. Contact the secretariat if it still matters.</source>
        <translation>Mötet är stängt för ändringar, så servern tog inte emot den här. Kontakta sekretariatet om den fortfarande är viktig.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="194"/>
        <source>The server could not read this change, so it was not saved there. Write it again; if that fails too, tell IT.</source>
        <translation>Servern kunde inte läsa den här ändringen, så den sparades inte där. Skriv den igen; om det inte heller fungerar, kontakta IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="199"/>
        <source>The server already held a different change under the same number, so this one was not saved. Write it again; if that fails too, tell IT.</source>
        <translation>Servern hade redan en annan ändring med samma nummer, så den här sparades inte. Skriv den igen; om det inte heller fungerar, kontakta IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="204"/>
        <source>What this change was about no longer exists on the server: it was removed or replaced. Nothing more is needed.</source>
        <translation>Det som ändringen gällde finns inte längre på servern: det har tagits bort eller ersatts. Du behöver inte göra något mer.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="209"/>
        <source>The server does not know this kind of change; it may be older than this Folio. Tell IT.</source>
        <translation>Servern känner inte till den här typen av ändring; den kan vara äldre än den här Folio. Kontakta IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="214"/>
        <source>This mark belongs to a colleague, so only they can change it. Add a note of your own instead.</source>
        <translation>Den här markeringen tillhör en kollega, så bara kollegan kan ändra den. Lägg i stället till en egen anteckning.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="136"/>
        <source>This device does not trust the server&apos;s certificate, so nothing was sent. Check the server address, or ask IT to install your organisation&apos;s certificate authority.</source>
        <translation>Den här enheten litar inte på serverns certifikat, så inget skickades. Kontrollera serveradressen, eller be IT att installera organisationens certifikatutfärdare.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="131"/>
        <source>This server address starts with http:// and is not secure. Use the address that starts with https://.</source>
        <translation>Den här serveradressen börjar med http:// och är inte säker. Använd adressen som börjar med https://.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="85"/>
        <source>A colleague shared this mark. Only they can change it.</source>
        <translation>En kollega har delat den här markeringen. Bara kollegan kan ändra den.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="81"/>
        <source>You have already decided this case. Your receipt is under History and receipts.</source>
        <translation>Du har redan beslutat i det här ärendet. Ditt kvitto finns under fliken Historik och kvitton.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="24"/>
        <source>That PIN is not right. Try again.</source>
        <translation>Pinkoden är fel. Försök igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="28"/>
        <source>This device was wiped and its meeting material is gone. Connect it to your organisation again to fetch your meetings.</source>
        <translation>Den här enheten har raderats och dess mötesmaterial är borta. Anslut den till din organisation igen för att hämta dina möten.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="33"/>
        <source>Folio is locked. Enter your PIN to continue.</source>
        <translation>Folio är låst. Ange din pinkod för att fortsätta.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="37"/>
        <source>There is no Folio data on this device yet. Connect to your organisation, or try the demo.</source>
        <translation>Det finns inga Folio-data på den här enheten än. Anslut till din organisation eller prova demon.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="42"/>
        <source>Folio is already set up on this device. Unlock it with your PIN.</source>
        <translation>Folio är redan konfigurerat på den här enheten. Lås upp med din pinkod.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="46"/>
        <source>The data folder does not hold Folio data. Check the folder, or ask IT.</source>
        <translation>Datamappen innehåller inga Folio-data. Kontrollera mappen eller fråga IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="50"/>
        <source>The device key is missing from this computer&apos;s key store, so the data cannot be opened.</source>
        <translation>Enhetens nyckel saknas i datorns nyckelarkiv, så data kan inte öppnas.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="55"/>
        <source>The stored data is older than expected and was not opened, to protect it. Ask IT for help.</source>
        <translation>De sparade data är äldre än väntat och öppnades inte, för att skydda dem. Be IT om hjälp.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="60"/>
        <source>This document is damaged and cannot be shown. Ask the secretariat for a new copy.</source>
        <translation>Det här dokumentet är skadat och kan inte visas. Be sekretariatet om en ny kopia.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="64"/>
        <source>This document failed its integrity check and was not shown. Folio fetches it again at the next sync.</source>
        <translation>Det här dokumentet klarade inte integritetskontrollen och visades inte. Folio hämtar det igen vid nästa synkronisering.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="69"/>
        <source>The disk is full. Free some space and try again.</source>
        <translation>Disken är full. Frigör utrymme och försök igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="73"/>
        <source>That input was not accepted. Check it and try again.</source>
        <translation>Det du skrev godtogs inte. Kontrollera det och försök igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="77"/>
        <source>That is no longer on this device: it was withdrawn or removed after the meeting.</source>
        <translation>Det finns inte längre på den här enheten: det har dragits tillbaka eller tagits bort efter mötet.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="89"/>
        <source>You are offline. Changes wait and are sent when you are online.</source>
        <translation>Du är offline. Ändringar väntar och skickas när du är online.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="93"/>
        <source>The server did not answer in time. Folio will try again.</source>
        <translation>Servern svarade inte i tid. Folio försöker igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="97"/>
        <source>The server had a problem. Folio will try again.</source>
        <translation>Servern hade ett problem. Folio försöker igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="101"/>
        <source>The server is busy. Folio will try again shortly.</source>
        <translation>Servern är upptagen. Folio försöker igen snart.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="105"/>
        <source>The user name, password or code was not accepted. Check them and try again.</source>
        <translation>Användarnamnet, lösenordet eller koden godtogs inte. Kontrollera dem och försök igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="109"/>
        <source>This device was removed by your organisation. Ask IT if you should still have access.</source>
        <translation>Den här enheten har tagits bort av din organisation. Fråga IT om du fortfarande borde ha åtkomst.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="113"/>
        <source>The server refused this change. Ask the secretariat if it still matters.</source>
        <translation>Servern avvisade den här ändringen. Fråga sekretariatet om den fortfarande är viktig.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="117"/>
        <source>This version of Folio is too old for the server. Ask IT to update it.</source>
        <translation>Den här versionen av Folio är för gammal för servern. Be IT att uppdatera den.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="121"/>
        <source>This device is not connected to a server, so nothing is sent or fetched. Ask IT how to connect it.</source>
        <translation>Den här enheten är inte ansluten till någon server, så inget skickas eller hämtas. Fråga IT hur den ansluts.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="126"/>
        <source>The server sent an answer Folio does not understand. Folio will try again; if it keeps happening, tell IT.</source>
        <translation>Servern skickade ett svar som Folio inte förstår. Folio försöker igen; om det fortsätter, kontakta IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="142"/>
        <source>This has expired. Ask for a current one.</source>
        <translation>Det här har gått ut. Be om ett giltigt.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="146"/>
        <source>Cancelled before it finished. Try again when you are ready.</source>
        <translation>Avbröts innan det blev klart. Försök igen när du är redo.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="150"/>
        <source>Your organisation&apos;s policy does not allow this. Ask IT if you need it.</source>
        <translation>Din organisations policy tillåter inte detta. Fråga IT om du behöver det.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="239"/>
        <source>This document is empty.</source>
        <translation>Dokumentet är tomt.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="240"/>
        <source>This file is not a PDF document Folio can read.</source>
        <translation>Filen är inte ett PDF-dokument som Folio kan läsa.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="243"/>
        <source>This document is protected by a password. Ask the secretariat for an open copy.</source>
        <translation>Dokumentet är skyddat med lösenord. Be sekretariatet om en öppen kopia.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="247"/>
        <source>This document has no pages.</source>
        <translation>Dokumentet har inga sidor.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/errors.py" line="292"/>
        <source>That PIN is not right. %n attempt(s) left before this device is wiped.</source>
        <translation>
            <numerusform>Pinkoden är fel. %n försök kvar innan enheten raderas.</numerusform>
            <numerusform>Pinkoden är fel. %n försök kvar innan enheten raderas.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="260"/>
        <source>The server does not know your organisation&apos;s enrollment token. Nothing was enrolled; ask IT.</source>
        <translation>Servern känner inte till din organisations registreringsnyckel. Inget registrerades; kontakta IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="265"/>
        <source>Your organisation&apos;s enrollment token has expired. Nothing was enrolled; ask IT for a current one.</source>
        <translation>Din organisations registreringsnyckel har gått ut. Inget registrerades; be IT om en giltig.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="270"/>
        <source>IT has revoked your organisation&apos;s enrollment token. Nothing was enrolled; ask IT for a current one.</source>
        <translation>IT har återkallat din organisations registreringsnyckel. Inget registrerades; be IT om en giltig.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="275"/>
        <source>Your organisation&apos;s enrollment token has enrolled as many devices as IT allowed. Nothing was enrolled; ask IT.</source>
        <translation>Din organisations registreringsnyckel har registrerat så många enheter som IT tillåter. Inget registrerades; kontakta IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="280"/>
        <source>This device&apos;s enrollment token is for another committee&apos;s members. Nothing was enrolled; ask IT.</source>
        <translation>Den här enhetens registreringsnyckel är för ledamöter i en annan nämnd. Inget registrerades; kontakta IT.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="317"/>
        <source>Something went wrong. Please try again.</source>
        <translation>Något gick fel. Försök igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="304"/>
        <source>Closed material is locked because this device has been offline too long. Connect to the network and sync to open it again.</source>
        <translation>Stängt material är låst eftersom den här enheten har varit offline för länge. Anslut till nätverket och synkronisera för att öppna det igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="230"/>
        <source>The deadline for this case has passed, so it can no longer be decided here. Contact the secretariat if your decision must still be considered.</source>
        <translation>Tidsfristen för det här ärendet har gått ut, så det kan inte längre beslutas här. Kontakta sekretariatet om ditt beslut ändå ska beaktas.</translation>
    </message>
</context>
<context>
    <name>reader</name>
    <message>
        <location filename="../../desktop/syncing.py" line="233"/>
        <source>Sync finished.</source>
        <translation>Synkroniseringen är klar.</translation>
    </message>
    <message>
        <location filename="../../desktop/syncing.py" line="241"/>
        <source>Syncing…</source>
        <translation>Synkroniserar…</translation>
    </message>
</context>
<context>
    <name>ui</name>
    <message>
        <location filename="../../desktop/widgets/ui.py" line="99"/>
        <location filename="../../desktop/widgets/ui.py" line="100"/>
        <source>Clear</source>
        <translation>Rensa</translation>
    </message>
</context>
</TS>
