using System.Reactive.Linq;
using System.Text;
using RxChat.Tests.Testing.Marbles;

namespace RxChat.Tests.Protocol;

/// <summary>
/// Line framing over read boundaries, drawn as marbles: the upper stream is what TCP delivers
/// (chunks), the expectation is the lines the server sees, and when.
/// </summary>
public class LineFramingMarbleTests
{
    private readonly TestScheduler _scheduler = new();
    private readonly Marbles _marbles;

    public LineFramingMarbleTests() => _marbles = new Marbles(_scheduler);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private ITestableObserver<string> Frame(ITestableObservable<byte[]> chunks, int maxLineBytes = 64) =>
        _scheduler.Start(() => ChunkFraming.Lines(chunks, maxLineBytes).Select(line => line.ToString()));

    [Fact]
    public void A_line_split_over_reads_arrives_when_its_end_does()
    {
        var chunks = _marbles.Hot("^-a--b---c|", new Dictionary<char, byte[]>
        {
            ['a'] = Bytes("hel"),
            ['b'] = Bytes("lo\nwor"),
            ['c'] = Bytes("ld\r\n"),
        });

        _marbles.ExpectMarbles(Frame(chunks), "-----h---w|", new Dictionary<char, string> { ['h'] = "hello", ['w'] = "world" });
    }

    [Fact]
    public void Several_lines_in_one_read_arrive_together_in_order()
    {
        var chunks = _marbles.Hot("^-a----|", new Dictionary<char, byte[]> { ['a'] = Bytes("/join main\nhi\n\n") });

        // A group takes one column per character, so the close at frame 7 is drawn after it.
        _marbles.ExpectMarbles(Frame(chunks), "--(jhb)|", new Dictionary<char, string> { ['j'] = "/join main", ['h'] = "hi", ['b'] = "" });
    }

    [Fact]
    public void A_character_split_between_reads_is_decoded_whole()
    {
        var e = Bytes("é");
        var chunks = _marbles.Hot("^-a-b|", new Dictionary<char, byte[]>
        {
            ['a'] = [.. Bytes("caf"), e[0]],
            ['b'] = [e[1], (byte)'\n'],
        });

        _marbles.ExpectMarbles(Frame(chunks), "----c|", new Dictionary<char, string> { ['c'] = "café" });
    }

    [Fact]
    public void An_unterminated_last_line_still_counts_when_the_peer_closes()
    {
        var chunks = _marbles.Hot("^-a--|", new Dictionary<char, byte[]> { ['a'] = Bytes("bye") });

        _marbles.ExpectMarbles(Frame(chunks), "-----(b|)", new Dictionary<char, string> { ['b'] = "bye" });
    }

    [Fact]
    public void An_overlong_line_is_reported_once_as_soon_as_it_is_too_long_and_then_skipped()
    {
        var chunks = _marbles.Hot("^-a-b-c-d", new Dictionary<char, byte[]>
        {
            ['a'] = Bytes("12345"),
            ['b'] = Bytes("67890"),      // now longer than 8 bytes, with no end in sight
            ['c'] = Bytes("more"),
            ['d'] = Bytes("end\nok\n"),  // the rest of the long line is dropped; the next line is fine
        });

        _marbles.ExpectMarbles(Frame(chunks, maxLineBytes: 8), "----L---k", new Dictionary<char, string> { ['L'] = "<too long>", ['k'] = "ok" });
    }
}
