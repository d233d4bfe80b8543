using System.Diagnostics;

namespace KernelGen.Tests.Cli;

/// <summary>
/// kernelgen on a real terminal (a tmux pane): the live progress display must leave the Ctrl-C acknowledgement
/// on the screen, not draw over it.
/// </summary>
public sealed class CliTerminalTests
{
    private string _dir = "";
    private readonly string _session = $"kernelgen-test-{Guid.NewGuid():N}";

    [SetUp]
    public void MakeDir()
    {
        if (Tmux("-V").Exit != 0) Assert.Ignore("tmux is not installed (apt-get install tmux); the terminal tests need a real terminal");
        _dir = Directory.CreateTempSubdirectory("kernelgen-cli-tty-").FullName;
    }

    [TearDown]
    public void Clean()
    {
        Tmux("kill-session", "-t", _session);
        if (_dir.Length > 0) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void CtrlCAcknowledgementStaysVisibleUnderTheLiveProgressBar()
    {
        var run = Path.Combine(_dir, "run");
        // The shell ignores SIGINT so the pane outlives kernelgen; env gives kernelgen the default disposition back.
        var command = $"trap '' INT; env --default-signal=INT {Context.BackendsVariable}=cpu '{Kernelgen.Executable}' train vae --hidden 32 --latent 2 " +
            $"--batch 32 --limit 4096 --device cpu --epochs 200 --out '{run}'; echo EXITED $?; sleep 120";
        Assert.That(Tmux("new-session", "-d", "-s", _session, "-x", "180", "-y", "45", "sh", "-c", command).Exit, Is.Zero);
        string screen = WaitFor(s => s.Contains("epoch 2/200", StringComparison.Ordinal), 90);
        Assert.That(screen, Does.Contain("%"), "a live progress bar on the terminal:\n" + screen);
        Tmux("send-keys", "-t", _session, "C-c");
        screen = WaitFor(s => s.Contains("EXITED", StringComparison.Ordinal), 60);
        Assert.That(screen, Does.Contain("EXITED 130"), screen);
        Assert.That(screen, Does.Contain("Ctrl-C: stopping after the current batch and saving a checkpoint"), screen);
        Assert.That(screen, Does.Contain("Interrupted: checkpoint saved"), screen);
    }

    private string WaitFor(Func<string, bool> done, int seconds)
    {
        var clock = Stopwatch.StartNew();
        string screen;
        while (!done(screen = Tmux("capture-pane", "-p", "-J", "-t", _session, "-S", "-200").Output))
        {
            Assert.That(clock.Elapsed.TotalSeconds, Is.LessThan(seconds), "waited in vain; the screen:\n" + screen);
            Thread.Sleep(200);
        }
        return screen;
    }

    private static (int Exit, string Output) Tmux(params string[] args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("tmux", args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
