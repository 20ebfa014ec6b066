using System.Collections;
using System.Reflection;

namespace Tradeul.Tests.Docs;

/// <summary>
/// The configuration keys the services' options classes bind, found by reflection, so a new setting cannot go
/// undocumented. The rule:
/// <list type="bullet">
/// <item>An <b>options class</b> is any type in the service assemblies (Tradeul.Shared, Tradeul.ServiceDefaults,
/// Tradeul.Ingest, Tradeul.Scanner, Tradeul.Maintenance) with a <c>const string SectionName</c>; its keys start with
/// that section (<c>Ingest:Splits</c>).</item>
/// <item>Every public instance property with a public setter is bound, so it is a key: <c>Section:Property</c>.
/// Properties without a public setter are not bound by the configuration binder (computed ones such as
/// <c>ScannerOptions.EffectiveConsumerName</c>, or <c>StreamManagerOptions.Streams</c>, which its own reader fills
/// from <c>Streams:&lt;name&gt;:*</c>) and are left out.</item>
/// <item>A property of a simple type (numbers, bool, string, enums, TimeSpan, dates and times, Uri, and their
/// nullable forms) is a leaf key. A property whose type is a class of these assemblies is a nested section: its own
/// properties follow the same rule under <c>Section:Property</c> (<c>Maintenance:JobRetry:FirstDelay</c>,
/// <c>Streams:Default:MaxLength</c>). A list or array of such a class is an indexed section, written with
/// <c>{i}</c> for the index (<c>Market:Closures:{i}:Date</c>).</item>
/// <item>Any other property shape is an error here, so the rule is extended on purpose rather than skipped.</item>
/// </list>
/// </summary>
internal static class BoundSettings
{
    public const string SectionNameField = "SectionName";

    /// <summary>The assemblies whose options classes the services bind.</summary>
    public static IReadOnlyList<Assembly> ServiceAssemblies { get; } =
    [
        typeof(Tradeul.Shared.Streams.StreamManagerOptions).Assembly,
        typeof(Microsoft.Extensions.Hosting.ConnectionStringRequirement).Assembly,
        typeof(Tradeul.Ingest.IngestOptions).Assembly,
        typeof(Tradeul.Scanner.ScannerOptions).Assembly,
        typeof(Tradeul.Maintenance.MaintenanceOptions).Assembly,
    ];

    /// <summary>Every options class with its section name.</summary>
    public static IReadOnlyList<(Type Type, string Section)> OptionsClasses() =>
        [.. ServiceAssemblies.SelectMany(a => a.GetTypes())
            .Select(t => (Type: t, Field: t.GetField(SectionNameField, BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => (x.Type, Section: (string)x.Field!.GetRawConstantValue()!))
            .OrderBy(x => x.Section, StringComparer.Ordinal)];

    /// <summary>Every key the options classes bind, e.g. <c>Scanner:Thresholds:GapPercent</c>.</summary>
    /// <exception cref="NotSupportedException">A settable property of a shape the rule does not cover.</exception>
    public static IReadOnlyList<string> Keys() =>
        [.. OptionsClasses().SelectMany(c => KeysOf(c.Type, c.Section)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static IEnumerable<string> KeysOf(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue;
            }
            var key = $"{prefix}:{property.Name}";
            var propertyType = property.PropertyType;
            if (IsSimple(propertyType))
            {
                yield return key;
            }
            else if (ElementOf(propertyType) is { } element && IsOurs(element))
            {
                foreach (var nested in KeysOf(element, key + ":{i}"))
                {
                    yield return nested;
                }
            }
            else if (IsOurs(propertyType))
            {
                foreach (var nested in KeysOf(propertyType, key))
                {
                    yield return nested;
                }
            }
            else
            {
                throw new NotSupportedException(
                    $"{type.Name}.{property.Name} ({propertyType}) is bound from {key}, but BoundSettings has no rule for its type: extend the rule.");
            }
        }
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
            || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(DateOnly) || t == typeof(TimeOnly)
            || t == typeof(Uri) || t == typeof(Guid);
    }

    private static bool IsOurs(Type type) => type.IsClass && ServiceAssemblies.Contains(type.Assembly);

    private static Type? ElementOf(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }
        if (!typeof(IEnumerable).IsAssignableFrom(type) || !type.IsGenericType)
        {
            return null;
        }
        var arguments = type.GetGenericArguments();
        return arguments.Length == 1 ? arguments[0] : null;
    }
}
