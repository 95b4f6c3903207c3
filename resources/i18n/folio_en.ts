<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ChangedBanner</name>
    <message numerus="yes">
        <location filename="../../desktop/viewer/changed_banner.py" line="64"/>
        <source>%n note(s) moved</source>
        <translation>
            <numerusform>%n note moved</numerusform>
            <numerusform>%n notes moved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/viewer/changed_banner.py" line="64"/>
        <source>%n need(s) you</source>
        <translation>
            <numerusform>%n needs you</numerusform>
            <numerusform>%n need you</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message numerus="yes">
        <location filename="../../desktop/screens/start.py" line="284"/>
        <source>%n attempt(s) left.</source>
        <translation>
            <numerusform>%n attempt left.</numerusform>
            <numerusform>%n attempts left.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MeetingPage</name>
    <message numerus="yes">
        <location filename="../../desktop/screens/meeting.py" line="529"/>
        <source>(%n page(s))</source>
        <translation>
            <numerusform>(%n page)</numerusform>
            <numerusform>(%n pages)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MeetingsPage</name>
    <message numerus="yes">
        <location filename="../../desktop/screens/meetings.py" line="499"/>
        <source>%n new document(s)</source>
        <translation>
            <numerusform>%n new document</numerusform>
            <numerusform>%n new documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/meetings.py" line="501"/>
        <source>%n decision(s) due</source>
        <translation>
            <numerusform>%n decision due</numerusform>
            <numerusform>%n decisions due</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/meetings.py" line="503"/>
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n comment</numerusform>
            <numerusform>%n comments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OutboxPage</name>
    <message numerus="yes">
        <location filename="../../desktop/screens/outbox.py" line="199"/>
        <source>Waiting to be sent (%n)</source>
        <translation>
            <numerusform>Waiting to be sent (%n)</numerusform>
            <numerusform>Waiting to be sent (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/outbox.py" line="203"/>
        <source>Refused by the server (%n)</source>
        <translation>
            <numerusform>Refused by the server (%n)</numerusform>
            <numerusform>Refused by the server (%n)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PinScreens</name>
    <message numerus="yes">
        <location filename="../../desktop/screens/start.py" line="145"/>
        <source>After %n wrong PIN(s) in a row, this device&apos;s meeting material is wiped.</source>
        <translation>
            <numerusform>After %n wrong PIN in a row, this device&apos;s meeting material is wiped.</numerusform>
            <numerusform>After %n wrong PINs in a row, this device&apos;s meeting material is wiped.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message numerus="yes">
        <location filename="../../desktop/screens/search.py" line="63"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/screens/search.py" line="76"/>
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n hit</numerusform>
            <numerusform>%n hits</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/widgets/status.py" line="213"/>
        <source>%n change(s) waiting to send</source>
        <translation>
            <numerusform>%n change waiting to send</numerusform>
            <numerusform>%n changes waiting to send</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/widgets/status.py" line="215"/>
        <source>%n refused by the server</source>
        <translation>
            <numerusform>%n refused by the server</numerusform>
            <numerusform>%n refused by the server</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>discuss</name>
    <message numerus="yes">
        <location filename="../../desktop/widgets/discussion.py" line="74"/>
        <source>Due within %n day(s): %1</source>
        <translation>
            <numerusform>Due within %n day: %1</numerusform>
            <numerusform>Due within %n days: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/widgets/discussion.py" line="75"/>
        <source>Due within %n hour(s): %1</source>
        <translation>
            <numerusform>Due within %n hour: %1</numerusform>
            <numerusform>Due within %n hours: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message numerus="yes">
        <location filename="../../desktop/errors.py" line="292"/>
        <source>That PIN is not right. %n attempt(s) left before this device is wiped.</source>
        <translation>
            <numerusform>That PIN is not right. %n attempt left before this device is wiped.</numerusform>
            <numerusform>That PIN is not right. %n attempts left before this device is wiped.</numerusform>
        </translation>
    </message>
</context>
</TS>
