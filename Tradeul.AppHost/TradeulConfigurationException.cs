namespace Tradeul.AppHost;

/// <summary>
/// A setting or the machine is not as the AppHost needs it (a bad <c>Tradeul:*</c> value, a missing program, a
/// folder it cannot write). Its message says what to change; AppHost.cs prints it alone, without a stack trace.
/// </summary>
internal sealed class TradeulConfigurationException(string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>
    /// Runs the AppHost: 0 when it ends normally; 2, with "error: message" on stderr, when it stops on one of
    /// these (however deep Aspire's start-up wrapped it). Anything else propagates as usual.
    /// </summary>
    public static int ExitCodeOf(Action run)
    {
        try
        {
            run();
            return 0;
        }
        catch (Exception ex) when (Find(ex) is { } configuration)
        {
            Console.Error.WriteLine($"error: {configuration.Message}");
            return 2;
        }
    }

    private static TradeulConfigurationException? Find(Exception? ex) => ex switch
    {
        null => null,
        TradeulConfigurationException found => found,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Find).FirstOrDefault(found => found is not null),
        _ => Find(ex.InnerException),
    };
}
