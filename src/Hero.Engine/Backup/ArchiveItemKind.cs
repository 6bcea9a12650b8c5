namespace Hero.Backup;

internal enum ArchiveItemKind
{
    File,
    Link,
    EmptyFolder,
}
