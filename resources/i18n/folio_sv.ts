<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv_SE">
<context>
    <name>BusyPage</name>
    <message>
        <location filename="../../desktop/views/start.py" line="219"/>
        <source>Progress</source>
        <translation>Förlopp</translation>
    </message>
</context>
<context>
    <name>DocumentViewer</name>
    <message>
        <location filename="../../desktop/views/viewer.py" line="165"/>
        <source>Previous item</source>
        <translation>Föregående punkt</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="166"/>
        <source>Next item</source>
        <translation>Nästa punkt</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="169"/>
        <source>Fit width</source>
        <translation>Anpassa bredd</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="170"/>
        <source>Fit page</source>
        <translation>Anpassa sida</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="174"/>
        <source>Zoom out</source>
        <translation>Zooma ut</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="175"/>
        <source>Zoom in</source>
        <translation>Zooma in</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="182"/>
        <source>Page number</source>
        <translation>Sidnummer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="187"/>
        <source>Page position</source>
        <translation>Sidposition</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="189"/>
        <source>Find</source>
        <translation>Sök</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="192"/>
        <location filename="../../desktop/views/viewer.py" line="270"/>
        <source>Pages</source>
        <translation>Sidor</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="195"/>
        <location filename="../../desktop/views/viewer.py" line="509"/>
        <source>Bookmark</source>
        <translation>Bokmärke</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="197"/>
        <location filename="../../desktop/views/viewer.py" line="620"/>
        <source>Night mode</source>
        <translation>Nattläge</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="222"/>
        <location filename="../../desktop/views/viewer.py" line="223"/>
        <source>Find in document</source>
        <translation>Sök i dokumentet</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="227"/>
        <source>Previous</source>
        <translation>Föregående</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="227"/>
        <source>Previous match</source>
        <translation>Föregående träff</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="228"/>
        <source>Next</source>
        <translation>Nästa</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="228"/>
        <source>Next match</source>
        <translation>Nästa träff</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="232"/>
        <source>Matches</source>
        <translation>Träffar</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="233"/>
        <source>Close find</source>
        <translation>Stäng sökning</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="256"/>
        <source>Page thumbnails</source>
        <translation>Sidminiatyrer</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="261"/>
        <location filename="../../desktop/views/viewer.py" line="271"/>
        <source>Outline</source>
        <translation>Innehåll</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="265"/>
        <location filename="../../desktop/views/viewer.py" line="272"/>
        <source>Bookmarks</source>
        <translation>Bokmärken</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="269"/>
        <source>Navigation panel</source>
        <translation>Navigeringspanel</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="279"/>
        <source>Document message</source>
        <translation>Meddelande om dokumentet</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="307"/>
        <source>Choose a document from the agenda.</source>
        <translation>Välj ett dokument i dagordningen.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="346"/>
        <source>Opening “%1”…</source>
        <translation>Öppnar ”%1”…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="457"/>
        <source>This document has no outline.</source>
        <translation>Dokumentet har ingen innehållsförteckning.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="500"/>
        <source>Page %1</source>
        <translation>Sida %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="509"/>
        <source>Bookmarked</source>
        <translation>Bokmärkt</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="556"/>
        <source>Searching…</source>
        <translation>Söker…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="576"/>
        <source>No matches</source>
        <translation>Inga träffar</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="591"/>
        <source>%1 of %2</source>
        <translation>%1 av %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="601"/>
        <source>Page %1 of %2</source>
        <translation>Sida %1 av %2</translation>
    </message>
    <message>
        <location filename="../../desktop/views/viewer.py" line="620"/>
        <source>Night mode on</source>
        <translation>Nattläge på</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <location filename="../../desktop/views/start.py" line="172"/>
        <source>Folio is locked</source>
        <translation>Folio är låst</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="173"/>
        <source>Enter your PIN to open your meeting material.</source>
        <translation>Ange din pinkod för att öppna ditt mötesmaterial.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="176"/>
        <location filename="../../desktop/views/start.py" line="177"/>
        <source>PIN</source>
        <translation>Pinkod</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="182"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="184"/>
        <source>Unlock</source>
        <translation>Lås upp</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="194"/>
        <source>Unlocking…</source>
        <translation>Låser upp…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/views/main_window.py" line="80"/>
        <location filename="../../desktop/views/main_window.py" line="298"/>
        <source>Folio</source>
        <translation>Folio</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="162"/>
        <source>Preparing the demo meetings…</source>
        <translation>Förbereder demomötena…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="173"/>
        <source>Connecting to your organisation…</source>
        <translation>Ansluter till din organisation…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/main_window.py" line="274"/>
        <source>This device was wiped.</source>
        <translation>Enheten har raderats.</translation>
    </message>
</context>
<context>
    <name>MeetingPage</name>
    <message>
        <location filename="../../desktop/views/meeting.py" line="39"/>
        <source>Pack state</source>
        <translation>Paketets status</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="42"/>
        <source>Agenda</source>
        <translation>Dagordning</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="50"/>
        <location filename="../../desktop/views/meeting.py" line="130"/>
        <source>Closed item</source>
        <translation>Stängt ärende</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="54"/>
        <source>Proposal</source>
        <translation>Förslag till beslut</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="115"/>
        <source>Choose a document from the agenda.</source>
        <translation>Välj ett dokument i dagordningen.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="121"/>
        <source>✓ Ready for the meeting: every document is on this device</source>
        <translation>✓ Redo för mötet: alla dokument finns på enheten</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="124"/>
        <source>Downloading: %1%</source>
        <translation>Hämtar: %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="125"/>
        <source>Not ready: some documents are not on this device yet</source>
        <translation>Inte redo: vissa dokument finns inte på enheten än</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="132"/>
        <source>Needs decision</source>
        <translation>Kräver beslut</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/meeting.py" line="138"/>
        <source>(%n page(s))</source>
        <translation>
            <numerusform>(%n sida)</numerusform>
            <numerusform>(%n sidor)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="140"/>
        <source>not on this device yet</source>
        <translation>inte på enheten än</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="142"/>
        <source>changed</source>
        <translation>ändrat</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="161"/>
        <source>🔒 Closed item: confidential, not for the public.</source>
        <translation>🔒 Stängt ärende: konfidentiellt, inte för allmänheten.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="165"/>
        <source>No proposal text.</source>
        <translation>Inget förslag till beslut.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meeting.py" line="167"/>
        <source>Decision needed by %1</source>
        <translation>Beslut senast %1</translation>
    </message>
</context>
<context>
    <name>MeetingsPage</name>
    <message>
        <location filename="../../desktop/views/meetings.py" line="41"/>
        <location filename="../../desktop/views/meetings.py" line="54"/>
        <source>Meetings</source>
        <translation>Möten</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="42"/>
        <source>Committee</source>
        <translation>Nämnd</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="44"/>
        <source>Committee filter</source>
        <translation>Filtrera på nämnd</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="60"/>
        <source>No meetings on this device yet.</source>
        <translation>Det finns inga möten på enheten än.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="61"/>
        <source>No meetings</source>
        <translation>Inga möten</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="69"/>
        <source>All committees</source>
        <translation>Alla nämnder</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="83"/>
        <source>Upcoming</source>
        <translation>Kommande</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="83"/>
        <source>Past</source>
        <translation>Tidigare</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="109"/>
        <source>✓ Ready for the meeting</source>
        <translation>✓ Redo för mötet</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="112"/>
        <source>Downloading: %1%</source>
        <translation>Hämtar: %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="114"/>
        <source>⚠ Some documents failed to download</source>
        <translation>⚠ Vissa dokument kunde inte hämtas</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="115"/>
        <source>Not downloaded yet</source>
        <translation>Inte hämtat än</translation>
    </message>
    <message>
        <location filename="../../desktop/views/meetings.py" line="124"/>
        <source>● Changed since you read it</source>
        <translation>● Ändrat sedan du läste det</translation>
    </message>
</context>
<context>
    <name>PageView</name>
    <message>
        <location filename="../../desktop/views/page_view.py" line="105"/>
        <source>Document pages</source>
        <translation>Dokumentets sidor</translation>
    </message>
    <message>
        <location filename="../../desktop/views/page_view.py" line="126"/>
        <source>Scroll pages</source>
        <translation>Rulla sidorna</translation>
    </message>
    <message>
        <location filename="../../desktop/views/page_view.py" line="127"/>
        <source>Scroll sideways</source>
        <translation>Rulla i sidled</translation>
    </message>
    <message>
        <location filename="../../desktop/views/page_view.py" line="370"/>
        <source>Page %1</source>
        <translation>Sida %1</translation>
    </message>
</context>
<context>
    <name>PinSetupPage</name>
    <message>
        <location filename="../../desktop/views/start.py" line="119"/>
        <source>Choose a PIN</source>
        <translation>Välj en pinkod</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="122"/>
        <source>Your PIN unlocks Folio on this device. Use at least %1 digits. Folio cannot recover a forgotten PIN.</source>
        <translation>Din pinkod låser upp Folio på den här enheten. Använd minst %1 siffror. Folio kan inte återskapa en glömd pinkod.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="129"/>
        <location filename="../../desktop/views/start.py" line="131"/>
        <source>New PIN</source>
        <translation>Ny pinkod</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="130"/>
        <location filename="../../desktop/views/start.py" line="132"/>
        <source>Repeat the PIN</source>
        <translation>Upprepa pinkoden</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="136"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="138"/>
        <source>Set PIN</source>
        <translation>Spara pinkod</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="147"/>
        <source>Use at least %1 digits.</source>
        <translation>Använd minst %1 siffror.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="151"/>
        <source>The two PINs are not the same.</source>
        <translation>De två pinkoderna är inte lika.</translation>
    </message>
</context>
<context>
    <name>ReaderPage</name>
    <message>
        <location filename="../../desktop/views/reader.py" line="59"/>
        <source>Meetings</source>
        <translation>Möten</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reader.py" line="63"/>
        <location filename="../../desktop/views/reader.py" line="64"/>
        <source>Search all meetings</source>
        <translation>Sök i alla möten</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reader.py" line="69"/>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reader.py" line="72"/>
        <source>Lock</source>
        <translation>Lås</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reader.py" line="249"/>
        <source>Syncing…</source>
        <translation>Synkroniserar…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/reader.py" line="252"/>
        <source>Sync finished.</source>
        <translation>Synkroniseringen är klar.</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <location filename="../../desktop/views/search.py" line="30"/>
        <source>Search</source>
        <translation>Sök</translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="33"/>
        <source>Search summary</source>
        <translation>Sökresultat totalt</translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="36"/>
        <source>Search results</source>
        <translation>Sökresultat</translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="48"/>
        <source>Search: %1</source>
        <translation>Sökning: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="50"/>
        <source>Nothing found for “%1”.</source>
        <translation>Inget hittades för ”%1”.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/search.py" line="52"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n träff</numerusform>
            <numerusform>%n träffar</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="54"/>
        <source>Agenda</source>
        <translation>Dagordning</translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="55"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="56"/>
        <source>My note</source>
        <translation>Min anteckning</translation>
    </message>
    <message>
        <location filename="../../desktop/views/search.py" line="61"/>
        <source>page %1</source>
        <translation>sida %1</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="34"/>
        <source>Settings</source>
        <translation>Inställningar</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="37"/>
        <location filename="../../desktop/views/settings_page.py" line="47"/>
        <source>Language</source>
        <translation>Språk</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="38"/>
        <source>System language</source>
        <translation>Systemets språk</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="51"/>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="52"/>
        <source>Lock after minutes without use</source>
        <translation>Lås efter minuter utan användning</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="55"/>
        <source>Lock after</source>
        <translation>Lås efter</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="57"/>
        <location filename="../../desktop/views/settings_page.py" line="58"/>
        <source>Storage used</source>
        <translation>Använt lagringsutrymme</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="60"/>
        <location filename="../../desktop/views/settings_page.py" line="62"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="64"/>
        <source>Sync now</source>
        <translation>Synkronisera nu</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="66"/>
        <source>Lock now</source>
        <translation>Lås nu</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="70"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="71"/>
        <source>Sign out and wipe this device…</source>
        <translation>Logga ut och radera enheten…</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="79"/>
        <source>Not connected (demo or offline copy)</source>
        <translation>Inte ansluten (demo eller offlinekopia)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="87"/>
        <location filename="../../desktop/views/settings_page.py" line="96"/>
        <source>Wipe this device?</source>
        <translation>Radera enheten?</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="90"/>
        <source>This removes every meeting, document and note from this device. Changes not yet sent to the server are lost.</source>
        <translation>Detta tar bort alla möten, dokument och anteckningar från enheten. Ändringar som inte har skickats till servern går förlorade.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="94"/>
        <source>Wipe this device</source>
        <translation>Radera enheten</translation>
    </message>
    <message>
        <location filename="../../desktop/views/settings_page.py" line="95"/>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <location filename="../../desktop/views/status.py" line="29"/>
        <source>Download progress</source>
        <translation>Hämtning</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status.py" line="32"/>
        <source>Connection</source>
        <translation>Anslutning</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status.py" line="33"/>
        <source>Changes waiting</source>
        <translation>Väntande ändringar</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status.py" line="34"/>
        <source>Last sync</source>
        <translation>Senaste synkronisering</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status.py" line="43"/>
        <source>🔒 Locked</source>
        <translation>🔒 Låst</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status.py" line="50"/>
        <source>○ Offline copy: no server connected</source>
        <translation>○ Offlinekopia: ingen server ansluten</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status.py" line="52"/>
        <source>○ Offline</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status.py" line="54"/>
        <source>● Online</source>
        <translation>● Online</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/status.py" line="55"/>
        <source>%n change(s) waiting to send</source>
        <translation>
            <numerusform>%n ändring väntar på att skickas</numerusform>
            <numerusform>%n ändringar väntar på att skickas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/status.py" line="57"/>
        <source>%n refused by the server</source>
        <translation>
            <numerusform>%n avvisad av servern</numerusform>
            <numerusform>%n avvisade av servern</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/views/status.py" line="61"/>
        <source>Last sync: %1</source>
        <translation>Senaste synkronisering: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status.py" line="64"/>
        <source>Last sync: never</source>
        <translation>Senaste synkronisering: aldrig</translation>
    </message>
    <message>
        <location filename="../../desktop/views/status.py" line="68"/>
        <source>Downloading %p%</source>
        <translation>Hämtar %p%</translation>
    </message>
</context>
<context>
    <name>ThumbnailModel</name>
    <message>
        <location filename="../../desktop/views/viewer.py" line="84"/>
        <source>Page %1</source>
        <translation>Sida %1</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../desktop/views/start.py" line="51"/>
        <source>Welcome to Folio</source>
        <translation>Välkommen till Folio</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="54"/>
        <source>Folio keeps your meeting material on this device, encrypted, and readable without a network.</source>
        <translation>Folio sparar ditt mötesmaterial krypterat på den här enheten, läsbart utan nätverk.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="60"/>
        <source>Connect to your organisation</source>
        <translation>Anslut till din organisation</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="69"/>
        <source>Server address</source>
        <translation>Serveradress</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="70"/>
        <source>User name</source>
        <translation>Användarnamn</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="71"/>
        <source>Password</source>
        <translation>Lösenord</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="72"/>
        <source>Or enrollment code</source>
        <translation>Eller registreringskod</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="78"/>
        <source>Connect</source>
        <translation>Anslut</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="83"/>
        <source>Message</source>
        <translation>Meddelande</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="86"/>
        <source>Just looking?</source>
        <translation>Vill du bara titta?</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="87"/>
        <source>Try the demo</source>
        <translation>Prova demon</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="99"/>
        <source>Enter your organisation&apos;s server address.</source>
        <translation>Ange din organisations serveradress.</translation>
    </message>
    <message>
        <location filename="../../desktop/views/start.py" line="103"/>
        <source>Enter a user name and password, or an enrollment code.</source>
        <translation>Ange användarnamn och lösenord eller en registreringskod.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../desktop/errors.py" line="20"/>
        <source>That PIN is not right.</source>
        <translation>Pinkoden är fel.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="21"/>
        <source>This device was wiped. Its meeting material is gone.</source>
        <translation>Enheten har raderats. Mötesmaterialet är borta.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="24"/>
        <source>Folio is locked. Enter your PIN to continue.</source>
        <translation>Folio är låst. Ange din pinkod för att fortsätta.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="27"/>
        <source>There is no Folio data on this device yet.</source>
        <translation>Det finns inga Folio-data på enheten än.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="30"/>
        <source>Folio is already set up on this device.</source>
        <translation>Folio är redan installerat på enheten.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="33"/>
        <source>The data folder does not hold Folio data.</source>
        <translation>Datamappen innehåller inga Folio-data.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="36"/>
        <source>The device key is missing from this computer&apos;s key store, so the data cannot be opened.</source>
        <translation>Enhetens nyckel saknas i datorns nyckelarkiv, så data kan inte öppnas.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="41"/>
        <source>The stored data is older than expected and was not opened.</source>
        <translation>Sparade data är äldre än väntat och öppnades inte.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="44"/>
        <location filename="../../desktop/errors.py" line="105"/>
        <source>This document is damaged and cannot be shown.</source>
        <translation>Dokumentet är skadat och kan inte visas.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="47"/>
        <source>This document failed its integrity check and was not shown.</source>
        <translation>Dokumentet klarade inte integritetskontrollen och visades inte.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="50"/>
        <source>The disk is full. Free some space and try again.</source>
        <translation>Disken är full. Frigör utrymme och försök igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="53"/>
        <source>That input was not accepted.</source>
        <translation>Inmatningen godtogs inte.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="54"/>
        <source>That is no longer on this device.</source>
        <translation>Det finns inte längre på enheten.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="57"/>
        <source>You are offline. Changes wait and are sent when you are online.</source>
        <translation>Du är offline. Ändringar väntar och skickas när du är online.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="60"/>
        <source>The server did not answer in time. Folio will try again.</source>
        <translation>Servern svarade inte i tid. Folio försöker igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="63"/>
        <source>The server had a problem. Folio will try again.</source>
        <translation>Servern hade ett problem. Folio försöker igen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="66"/>
        <source>The server is busy. Folio will try again shortly.</source>
        <translation>Servern är upptagen. Folio försöker igen snart.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="69"/>
        <source>The user name, password or code was not accepted.</source>
        <translation>Användarnamn, lösenord eller kod godtogs inte.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="72"/>
        <source>This device was removed by your organisation.</source>
        <translation>Din organisation har tagit bort enheten.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="75"/>
        <source>The server refused this change.</source>
        <translation>Servern avvisade ändringen.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="76"/>
        <source>This version of Folio is too old. Please update it.</source>
        <translation>Den här versionen av Folio är för gammal. Uppdatera den.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="79"/>
        <source>This device is not connected to a server.</source>
        <translation>Enheten är inte ansluten till någon server.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="82"/>
        <source>The server sent an answer Folio does not understand.</source>
        <translation>Servern skickade ett svar som Folio inte förstår.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="85"/>
        <source>This has expired.</source>
        <translation>Detta har gått ut.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="86"/>
        <source>Cancelled.</source>
        <translation>Avbrutet.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="87"/>
        <source>Your organisation&apos;s policy does not allow this.</source>
        <translation>Din organisations regler tillåter inte detta.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="96"/>
        <source>This document is empty.</source>
        <translation>Dokumentet är tomt.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="97"/>
        <source>This file is not a PDF document Folio can read.</source>
        <translation>Filen är inte ett PDF-dokument som Folio kan läsa.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="100"/>
        <source>This document is protected by a password. Ask the secretariat for an open copy.</source>
        <translation>Dokumentet är skyddat med lösenord. Be sekretariatet om en öppen kopia.</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="104"/>
        <source>This document has no pages.</source>
        <translation>Dokumentet har inga sidor.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/errors.py" line="116"/>
        <source>That PIN is not right. %n attempt(s) left before this device is wiped.</source>
        <translation>
            <numerusform>Pinkoden är fel. %n försök kvar innan enheten raderas.</numerusform>
            <numerusform>Pinkoden är fel. %n försök kvar innan enheten raderas.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="128"/>
        <source>The server refused this change: %1</source>
        <translation>Servern avvisade ändringen: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/errors.py" line="133"/>
        <source>Something went wrong. Please try again.</source>
        <translation>Något gick fel. Försök igen.</translation>
    </message>
</context>
<context>
    <name>ui</name>
    <message>
        <location filename="../../desktop/views/ui.py" line="99"/>
        <location filename="../../desktop/views/ui.py" line="100"/>
        <source>Clear</source>
        <translation>Rensa</translation>
    </message>
</context>
</TS>
