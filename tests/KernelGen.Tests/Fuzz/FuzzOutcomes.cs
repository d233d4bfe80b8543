namespace KernelGen.Tests.Fuzz;

/// <summary>
/// Runs fuzz cases against a reader and counts them: each must load (and pass the caller's checks) or be rejected
/// with an <see cref="FileFormatException"/> whose message names the file. Any other exception fails the test,
/// naming the case.
/// </summary>
public sealed class FuzzOutcomes
{
    public int Loaded { get; private set; }
    public int Rejected { get; private set; }

    /// <summary>Reads <paramref name="file"/> (the name its errors must carry) with <paramref name="read"/>; <paramref name="check"/> judges a successful load.</summary>
    public void Run<T>(string description, string file, Func<T> read, Action<T> check)
    {
        T result;
        try
        {
            result = read();
        }
        catch (FileFormatException e)
        {
            if (!e.Message.Contains(file)) Assert.Fail($"{description}: the rejection does not name '{file}': {e.Message}");
            Rejected++;
            return;
        }
        catch (Exception e)
        {
            Assert.Fail($"{description}: {e.GetType().FullName} instead of a clean rejection: {e.Message}\n{e.StackTrace}");
            return;
        }
        check(result);
        Loaded++;
    }

    /// <summary>Reports the counts and requires at least <paramref name="minimum"/> cases.</summary>
    public void Report(int minimum)
    {
        TestContext.Out.WriteLine($"{Loaded + Rejected} cases: {Loaded} loaded, {Rejected} rejected");
        Assert.That(Loaded + Rejected, Is.GreaterThanOrEqualTo(minimum));
    }
}
