package useragent

import (
	"slices"
	"strings"
	"testing"
)

var cases = []struct {
	name   string
	ua     string
	bot    bool
	device string
}{
	// Desktop browsers.
	{"chrome windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", false, Desktop},
	{"edge windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91", false, Desktop},
	{"safari mac (and iPadOS, which poses as a Mac)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", false, Desktop},
	{"firefox linux", "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0", false, Desktop},
	{"chrome os", "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", false, Desktop},
	{"old IE on a Tablet PC", "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; SLCC2; .NET CLR 2.0.50727; Tablet PC 2.0)", false, Desktop},

	// Phones.
	{"safari iphone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1", false, Mobile},
	{"chrome ios", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1", false, Mobile},
	{"firefox ios", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/121.0 Mobile/15E148 Safari/605.1.15", false, Mobile},
	{"chrome android", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36", false, Mobile},
	{"samsung internet", "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36", false, Mobile},
	{"firefox android", "Mozilla/5.0 (Android 14; Mobile; rv:121.0) Gecko/121.0 Firefox/121.0", false, Mobile},
	{"cubot phone is not a bot", "Mozilla/5.0 (Linux; Android 10; CUBOT_X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36", false, Mobile},
	{"windows phone", "Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.15063", false, Mobile},

	// In-app browsers.
	{"instagram ios", "Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 312.0.0.34.111 (iPhone13,2; iOS 16_5; en_US; en-US; scale=3.00; 1170x2532; 537288532)", false, Mobile},
	{"instagram bare", "Instagram 312.0.0.34.111 (iPhone13,2; iOS 16_5; en_US; en-US; scale=3.00; 1170x2532; 537288532)", false, Mobile},
	{"instagram android", "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230605.012; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/114.0.5735.196 Mobile Safari/537.36 Instagram 290.0.0.13.76 Android (33/13; 420dpi; 1080x2400; Google/google; Pixel 7; panther; panther; en_US; 489720180)", false, Mobile},
	{"instagram ipad", "Mozilla/5.0 (iPad; CPU OS 16_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 312.0.0.34.111 (iPad13,1; iPadOS 16_1; en_US; en-US; scale=2.00; 1640x2360; 537288532)", false, Tablet},
	{"tiktok android", "Mozilla/5.0 (Linux; Android 12; SM-G991B Build/SP1A.210812.016; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/108.0.5359.128 Mobile Safari/537.36 musical_ly_2022803040 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly app_version/28.3.4 ByteLocale/en ByteFullLocale/en Region/US BytedanceWebview/d8a21c6", false, Mobile},
	{"tiktok ios", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_32.0.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US ByteFullLocale/en isDarkMode/0 WKWebView/1 RevealType/Dialog BytedanceWebview/d8a21c6", false, Mobile},
	{"facebook ios", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]", false, Mobile},
	{"pinterest app ios", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [Pinterest/iOS]", false, Mobile},
	{"pinterest for ios", "Pinterest for iOS/12.4 (iPhone14,2; 17.1)", false, Mobile},
	{"pinterest app android", "Mozilla/5.0 (Linux; Android 13; Pixel 6 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 [Pinterest/Android]", false, Mobile},
	{"snapchat ios", "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/12.50.0.35 (like Safari/8615.3.12.10.2, panda)", false, Mobile},
	{"linkedin app", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.6", false, Mobile},

	// Tablets.
	{"safari ipad", "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1", false, Tablet},
	{"chrome android tablet", "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", false, Tablet},
	{"firefox android tablet", "Mozilla/5.0 (Android 13; Tablet; rv:121.0) Gecko/121.0 Firefox/121.0", false, Tablet},
	{"kindle fire silk", "Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/120.4.1 like Chrome/120.0.6099.194 Safari/537.36", false, Tablet},

	// Neither here nor there.
	{"xbox", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edge/44.18363.8131", false, Unknown},
	{"samsung tv", "Mozilla/5.0 (SMART-TV; LINUX; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36", false, Unknown},
	{"unrecognised app", "SomeApp/1.0", false, Unknown},
	{"empty", "", true, Unknown},
	{"blank", "  \t ", true, Unknown},

	// Link-preview fetchers.
	{"facebookexternalhit", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", true, Bot},
	{"facebot", "Facebot", true, Bot},
	{"twitterbot", "Twitterbot/1.0", true, Bot},
	{"slackbot link expanding", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", true, Bot},
	{"slackbot", "Slackbot 1.0 (+https://api.slack.com/robots)", true, Bot},
	{"whatsapp", "WhatsApp/2.23.20.0 A", true, Bot},
	{"telegrambot", "TelegramBot (like TwitterBot)", true, Bot},
	{"discordbot", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", true, Bot},
	{"linkedinbot", "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", true, Bot},
	{"pinterest crawler", "Pinterest/0.2 (+https://www.pinterest.com/bot.html)", true, Bot},
	{"pinterestbot", "Mozilla/5.0 (compatible; Pinterestbot/1.0; +http://www.pinterest.com/bot.html)", true, Bot},
	{"skype", "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com", true, Bot},
	{"redditbot", "Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)", true, Bot},
	{"embedly", "Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)", true, Bot},
	{"iframely", "Iframely/1.3.1 (+https://iframely.com/docs/about)", true, Bot},
	{"vkshare", "Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)", true, Bot},
	{"mastodon", "http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)", true, Bot},

	// Crawlers.
	{"googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", true, Bot},
	{"googlebot smartphone", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.129 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", true, Bot},
	{"google inspection tool", "Mozilla/5.0 (compatible; Google-InspectionTool/1.0)", true, Bot},
	{"adsbot", "AdsBot-Google (+http://www.google.com/adsbot.html)", true, Bot},
	{"bingbot", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", true, Bot},
	{"bingpreview", "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/534+ (KHTML, like Gecko) BingPreview/1.0b", true, Bot},
	{"yandexbot", "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", true, Bot},
	{"baiduspider", "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", true, Bot},
	{"duckduckbot", "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", true, Bot},
	{"applebot", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)", true, Bot},
	{"ia_archiver", "ia_archiver (+http://www.alexa.com/site/help/webmasters; crawler@alexa.com)", true, Bot},
	{"ahrefsbot", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", true, Bot},
	{"semrushbot", "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", true, Bot},
	{"mj12bot", "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)", true, Bot},
	{"petalbot", "Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)", true, Bot},
	{"bytespider", "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)", true, Bot},
	{"gptbot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)", true, Bot},
	{"claudebot", "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", true, Bot},
	{"ccbot", "CCBot/2.0 (https://commoncrawl.org/faq/)", true, Bot},
	{"generic bot word", "Mozilla/5.0 (compatible; DotBot/1.2; +https://opensiteexplorer.org/dotbot; help@moz.com)", true, Bot},
	{"generic bot after underscore", "Mozilla/5.0 (compatible; archive.org_bot +http://archive.org/details/archive.org_bot)", true, Bot},
	{"generic spider", "Screaming Frog SEO Spider/19.4", true, Bot},
	{"generic crawler", "Some-Crawler/1.0", true, Bot},

	// Libraries, tools and headless browsers.
	{"python-requests", "python-requests/2.31.0", true, Bot},
	{"python-urllib", "Python-urllib/3.11", true, Bot},
	{"go-http-client", "Go-http-client/1.1", true, Bot},
	{"curl", "curl/8.4.0", true, Bot},
	{"curl shouted", "CURL/7.68.0", true, Bot},
	{"wget", "Wget/1.21.4", true, Bot},
	{"headless chrome", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36", true, Bot},
	{"okhttp", "okhttp/4.12.0", true, Bot},
	{"axios", "axios/1.6.2", true, Bot},
	{"node-fetch", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)", true, Bot},
}

func TestIsBot(t *testing.T) {
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsBot(tt.ua); got != tt.bot {
				t.Fatalf("IsBot(%q) = %v, want %v", tt.ua, got, tt.bot)
			}
		})
	}
}

func TestDevice(t *testing.T) {
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			if got := Device(tt.ua); got != tt.device {
				t.Fatalf("Device(%q) = %q, want %q", tt.ua, got, tt.device)
			}
		})
	}
}

func TestBotWord(t *testing.T) {
	tests := []struct {
		ua   string
		want bool
	}{
		{"bot", true},
		{"x bots", true},
		{"robot/1.0", true},
		{"cubot", false},
		{"Botanic Browser", false},
		{"bottle", false},
		{"bot2", false},
	}
	for _, tt := range tests {
		if got := IsBot(tt.ua); got != tt.want {
			t.Errorf("IsBot(%q) = %v, want %v", tt.ua, got, tt.want)
		}
	}
}

func TestLongHeader(t *testing.T) {
	long := strings.Repeat("Mozilla/5.0 (Windows NT 10.0; Win64; x64) ", 40)
	if IsBot(long) || Device(long) != Desktop {
		t.Fatalf("long desktop header misread")
	}
	if !IsBot(long + "Googlebot/2.1") {
		t.Fatalf("token past the stack buffer missed")
	}
}

func FuzzIsBot(f *testing.F) {
	for _, tt := range cases {
		f.Add(tt.ua)
	}
	f.Add("\xff\xfe Bot")
	f.Fuzz(func(t *testing.T, ua string) {
		bot := IsBot(ua)
		d := Device(ua)
		if !slices.Contains(Devices, d) {
			t.Fatalf("Device(%q) = %q", ua, d)
		}
		blank := strings.TrimSpace(ua) == ""
		if bot != (d == Bot || blank) {
			t.Fatalf("IsBot(%q) = %v but Device = %q", ua, bot, d)
		}
		if IsBot(upperASCII(ua)) != bot {
			t.Fatalf("IsBot(%q) depends on ASCII case", ua)
		}
	})
}

func upperASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' {
			return r - ('a' - 'A')
		}
		return r
	}, s)
}

func BenchmarkIsBot(b *testing.B) {
	uas := []string{
		"Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 312.0.0.34.111 (iPhone13,2; iOS 16_5; en_US; en-US; scale=3.00; 1170x2532; 537288532)",
		"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
		"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		IsBot(uas[i%len(uas)])
	}
}

func BenchmarkDevice(b *testing.B) {
	ua := "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"
	b.ReportAllocs()
	for b.Loop() {
		Device(ua)
	}
}

// TestTokens guards the assumptions of the scan: tokens are matched against
// a lower-cased header and compared on their first two bytes.
func TestTokens(t *testing.T) {
	for _, tok := range botTokens {
		if len(tok) < 2 || tok != strings.ToLower(tok) {
			t.Errorf("bad token %q", tok)
		}
	}
}
