using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace RxChat.Server.Hosting;

/// <summary>One setting of the options tree: its configuration key, the type it binds to, and its default.</summary>
/// <param name="Key">The full key, such as <c>RxChat:Limits:MaxConnections</c>.</param>
/// <param name="Type">What the value binds to (<c>int?</c> stays nullable).</param>
/// <param name="Default">The value an untouched tree holds; null for none.</param>
public sealed record SettingKey(string Key, Type Type, object? Default)
{
    /// <summary>The default as it is written in configuration: <c>true</c>, <c>30</c>, <c>0.0.0.0</c>; null for none.</summary>
    public string? DefaultText => Written(Default);

    /// <summary>A value as configuration writes it (invariant culture, lower-case booleans); null stays null.</summary>
    public static string? Written(object? value) => value switch
    {
        null => null,
        bool flag => flag ? "true" : "false",
        Enum choice => choice.ToString().ToLowerInvariant(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// Reads <paramref name="text"/> as the configuration binder would, or says in a few words
    /// what is expected instead.
    /// </summary>
    public bool TryRead(string text, out object? value, out string? expected)
    {
        var type = Nullable.GetUnderlyingType(Type) ?? Type;
        expected = null;
        value = null;
        if (type == typeof(string)) { value = text; return true; }
        if (type.IsEnum)
        {
            // By name only: the converter would also take a number ("7") or a list ("normal,full").
            var name = Enum.GetNames(type).FirstOrDefault(n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name is not null) value = Enum.Parse(type, name);
            else expected = string.Join(" or ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
            return name is not null;
        }
        if (text.Length == 0 && Nullable.GetUnderlyingType(Type) is not null) return true;
        try
        {
            value = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text.Trim());
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException or NotSupportedException)
        {
            expected = type == typeof(bool) ? "true or false"
                : type == typeof(int) || type == typeof(long) ? "a whole number"
                : type == typeof(ulong) ? "a whole number, 0 or more"
                : type == typeof(double) ? "a number"
                : $"a {type.Name}";
            return false;
        }
    }
}

public sealed partial record ChatServerOptions
{
    /// <summary>
    /// Every setting of the tree, in the order the records declare them: each section's
    /// settable properties, read off an untouched tree, so a property added to a record is a
    /// setting here (the command line, <c>--help</c> and the example configuration follow).
    /// </summary>
    public static IReadOnlyList<SettingKey> Keys { get; } = SettingsOf(new ChatServerOptions());

    /// <summary>Every setting of <paramref name="options"/>, as <see cref="Keys"/>, each with the value it holds.</summary>
    public static IReadOnlyList<SettingKey> SettingsOf(ChatServerOptions options) => [.. KeysOf(options, Section)];

    private static IEnumerable<SettingKey> KeysOf(object section, string prefix)
    {
        foreach (var property in section.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetMethod is null || property.SetMethod is not { IsPublic: true }) continue; // derived, as IsOn
            var value = property.GetValue(section);
            var key = $"{prefix}:{property.Name}";
            if (IsSection(property.PropertyType))
                foreach (var inner in KeysOf(value!, key)) yield return inner;
            else
                yield return new SettingKey(key, property.PropertyType, value);
        }
    }

    /// <summary>A record of the tree (a section), as opposed to a value.</summary>
    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace == typeof(ChatServerOptions).Namespace;
}
