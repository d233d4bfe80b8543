using System.Runtime.InteropServices;

namespace KernelGen.Cli;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a cancellation the trainer honours after the current batch
/// (it then saves a checkpoint); a second Ctrl-C ends the process at once. A rank of a data-parallel run is
/// different: mpirun signals every rank when it ends the job (a rank was lost, or Ctrl-C), and the ranks still
/// running may wait for the lost one inside a collective, so the rank says what <c>exitNote</c> gives then and ends at once (the
/// checkpoint on disk is the last complete one; checkpoints are only ever renamed into place).
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration? _term;
    private readonly Func<string>? _exitNote;

    /// <summary>The exit code of a data-parallel rank ended by mpirun's signal (128 + SIGTERM).</summary>
    public const int Terminated = 143;

    /// <summary>Starts listening.</summary>
    public Interruption(Func<string>? exitNote = null)
    {
        _exitNote = exitNote;
        Console.CancelKeyPress += OnCancelKeyPress;
        if (!OperatingSystem.IsWindows()) _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerm);
    }

    /// <summary>
    /// Shows the acknowledgement of the first interrupt; by default one line on standard error. A live display
    /// sets it to show the line inside its frame, which would otherwise draw over it.
    /// </summary>
    public Action<string> Announce { get; set; } = ToStandardError;

    /// <summary>The default <see cref="Announce"/>: one line on standard error.</summary>
    public static void ToStandardError(string message) => Console.Error.WriteLine($"kernelgen: {message}");

    /// <summary>Cancelled on the first interrupt.</summary>
    public CancellationToken Token => _cts.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_cts.IsCancellationRequested) return; // second Ctrl-C: let the process end
        e.Cancel = true;
        Stop("Ctrl-C");
    }

    private void OnTerm(PosixSignalContext context)
    {
        context.Cancel = true;
        if (!_cts.IsCancellationRequested) Stop("SIGTERM");
    }

    private void Stop(string what)
    {
        if (_exitNote is not null)
        {
            Console.Error.WriteLine($"kernelgen: {what}: {_exitNote()}");
            Environment.Exit(Terminated);
        }
        _cts.Cancel(); // first: whatever the announcement does, the run stops and saves
        try
        {
            Announce($"{what}: stopping after the current batch and saving a checkpoint (Ctrl-C again to abort without saving)");
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // the display is gone or the terminal closed: the checkpoint matters, not the notice
        }
    }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _term?.Dispose();
        _cts.Dispose();
    }
}
