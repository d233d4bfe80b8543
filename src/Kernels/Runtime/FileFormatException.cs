namespace KernelGen;

/// <summary>
/// A file that is not in the format it claims (a checkpoint, an IDX data file): the message names the file, the
/// field or record, the offset, and what was expected. An <see cref="IOException"/>, like the other ways a file can
/// fail to be read; the command line reports it as bad input (exit code 2).
/// </summary>
public sealed class FileFormatException : IOException
{
    /// <summary>Creates the exception.</summary>
    public FileFormatException(string message, Exception? inner = null) : base(message, inner) { }
}
