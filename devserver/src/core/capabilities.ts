/**
 * The capabilities document of the recorded Nextcloud 32.0.1 + Talk 22.0.0 + Deck 1.16.7
 * (recordings/core.json), with absolute URLs pointing at this server.
 */

export function capabilitiesData(base: string): Record<string, unknown> {
  return {
  "version": {
    "major": 32,
    "minor": 0,
    "micro": 1,
    "string": "32.0.1",
    "edition": "",
    "extendedSupport": false
  },
  "capabilities": {
    "core": {
      "pollinterval": 60,
      "webdav-root": "remote.php/webdav",
      "reference-api": true,
      "reference-regex": "(\\s|\\n|^)(https?:\\/\\/)([-A-Z0-9+_.]+(?::[0-9]+)?(?:\\/[-A-Z0-9+&@#%?=~_|!:,.;()]*)*)(\\s|\\n|$)",
      "mod-rewrite-working": true,
      "user": {
        "language": "",
        "locale": "",
        "timezone": "UTC"
      }
    },
    "bruteforce": {
      "delay": 400,
      "allow-listed": false
    },
    "files": {
      "$comment": "\"blacklisted_files\" is deprecated as of Nextcloud 30, use \"forbidden_filenames\" instead",
      "blacklisted_files": [
        ".htaccess"
      ],
      "forbidden_filenames": [
        ".htaccess"
      ],
      "forbidden_filename_basenames": [],
      "forbidden_filename_characters": [
        "\\",
        "/"
      ],
      "forbidden_filename_extensions": [
        ".filepart",
        ".part"
      ],
      "bigfilechunking": true,
      "chunked_upload": {
        "max_size": 104857600,
        "max_parallel_count": 5
      },
      "file_conversions": [],
      "windows_compatible_filenames": false,
      "directEditing": {
        "url": `${base}/ocs/v2.php/apps/files/api/v1/directEditing`,
        "etag": "5b2f367cfe076ab42b79601036409c2e",
        "supportsFileId": true
      },
      "comments": true,
      "undelete": true,
      "delete_from_trash": true,
      "versioning": true,
      "version_labeling": true,
      "version_deletion": true
    },
    "activity": {
      "apiv2": [
        "filters",
        "filters-api",
        "previews",
        "rich-strings"
      ]
    },
    "app_api": {
      "loglevel": 2,
      "version": "32.0.0"
    },
    "circles": {
      "version": "32.0.0",
      "status": {
        "globalScale": false
      },
      "settings": {
        "frontendEnabled": true,
        "allowedCircles": 262143,
        "allowedUserTypes": 31,
        "membersLimit": -1
      },
      "circle": {
        "constants": {
          "flags": {
            "1": "Single",
            "2": "Personal",
            "4": "System",
            "8": "Visible",
            "16": "Open",
            "32": "Invite",
            "64": "Join request",
            "128": "Friends",
            "256": "Password protected",
            "512": "No Owner",
            "1024": "Hidden",
            "2048": "Backend",
            "4096": "Local",
            "8192": "Root",
            "16384": "Team invite",
            "32768": "Federated",
            "65536": "Mount point"
          },
          "source": {
            "core": {
              "1": "Nextcloud Account",
              "2": "Nextcloud Group",
              "4": "Email address",
              "8": "Contact",
              "16": "Team",
              "10000": "Nextcloud App"
            },
            "extra": {
              "10001": "Teams App",
              "10002": "Admin Command Line"
            }
          }
        },
        "config": {
          "coreFlags": [
            1,
            2,
            4
          ],
          "systemFlags": [
            512,
            1024,
            2048
          ]
        }
      },
      "member": {
        "constants": {
          "level": {
            "1": "Member",
            "4": "Moderator",
            "8": "Admin",
            "9": "Owner"
          }
        },
        "type": {
          "0": "single",
          "1": "user",
          "2": "group",
          "4": "mail",
          "8": "contact",
          "16": "circle",
          "10000": "app"
        }
      },
      "teamResourceProviders": [
        "files",
        "deck",
        "talk"
      ]
    },
    "ocm": {
      "enabled": true,
      "apiVersion": "1.0-proposal1",
      "version": "1.1.0",
      "endPoint": `${base}/ocm`,
      "publicKey": null,
      "resourceTypes": [
        {
          "name": "file",
          "shareTypes": [
            "user",
            "group"
          ],
          "protocols": {
            "webdav": "/public.php/webdav/"
          }
        }
      ],
      "capabilities": [
        "/invite-accepted",
        "/notifications",
        "/shares"
      ]
    },
    "dav": {
      "chunking": "1.0",
      "public_shares_chunking": false,
      "bulkupload": "1.0",
      "absence-supported": true,
      "absence-replacement": true
    },
    "deck": {
      "version": "1.16.7",
      "canCreateBoards": true,
      "apiVersions": [
        "1.0",
        "1.1"
      ]
    },
    "downloadlimit": {
      "enabled": true,
      "default-limit": -1
    },
    "files_sharing": {
      "api_enabled": true,
      "public": {
        "enabled": true,
        "password": {
          "enforced": false,
          "askForOptionalPassword": false
        },
        "expire_date": {
          "enabled": false
        },
        "multiple_links": true,
        "expire_date_internal": {
          "enabled": false
        },
        "expire_date_remote": {
          "enabled": false
        },
        "send_mail": false,
        "upload": true,
        "upload_files_drop": true,
        "custom_tokens": false
      },
      "resharing": true,
      "user": {
        "send_mail": false,
        "expire_date": {
          "enabled": true
        }
      },
      "group_sharing": true,
      "group": {
        "enabled": true,
        "expire_date": {
          "enabled": true
        }
      },
      "default_permissions": 31,
      "federation": {
        "outgoing": true,
        "incoming": true,
        "expire_date": {
          "enabled": true
        },
        "expire_date_supported": {
          "enabled": true
        }
      },
      "sharee": {
        "query_lookup_default": false,
        "always_show_unique": true
      },
      "sharebymail": {
        "enabled": true,
        "send_password_by_mail": true,
        "upload_files_drop": {
          "enabled": true
        },
        "password": {
          "enabled": true,
          "enforced": false
        },
        "expire_date": {
          "enabled": true,
          "enforced": false
        }
      }
    },
    "notifications": {
      "ocs-endpoints": [
        "list",
        "get",
        "delete",
        "delete-all",
        "icons",
        "rich-strings",
        "action-web",
        "user-status",
        "exists",
        "test-push"
      ],
      "push": [
        "devices",
        "object-data",
        "delete"
      ],
      "admin-notifications": [
        "ocs",
        "cli"
      ]
    },
    "provisioning_api": {
      "version": "1.22.0",
      "AccountPropertyScopesVersion": 2,
      "AccountPropertyScopesFederatedEnabled": true,
      "AccountPropertyScopesPublishedEnabled": false
    },
    "recommendations": {
      "enabled": true
    },
    "spreed": {
      "features": [
        "audio",
        "video",
        "chat-v2",
        "conversation-v4",
        "guest-signaling",
        "empty-group-room",
        "guest-display-names",
        "multi-room-users",
        "favorites",
        "last-room-activity",
        "no-ping",
        "system-messages",
        "delete-messages",
        "mention-flag",
        "in-call-flags",
        "conversation-call-flags",
        "notification-levels",
        "invite-groups-and-mails",
        "locked-one-to-one-rooms",
        "read-only-rooms",
        "listable-rooms",
        "chat-read-marker",
        "chat-unread",
        "webinary-lobby",
        "start-call-flag",
        "chat-replies",
        "circles-support",
        "force-mute",
        "sip-support",
        "sip-support-nopin",
        "chat-read-status",
        "phonebook-search",
        "raise-hand",
        "room-description",
        "rich-object-sharing",
        "temp-user-avatar-api",
        "geo-location-sharing",
        "voice-message-sharing",
        "signaling-v3",
        "publishing-permissions",
        "clear-history",
        "direct-mention-flag",
        "notification-calls",
        "conversation-permissions",
        "rich-object-list-media",
        "rich-object-delete",
        "unified-search",
        "chat-permission",
        "silent-send",
        "silent-call",
        "send-call-notification",
        "talk-polls",
        "breakout-rooms-v1",
        "recording-v1",
        "avatar",
        "chat-get-context",
        "single-conversation-status",
        "chat-keep-notifications",
        "typing-privacy",
        "remind-me-later",
        "bots-v1",
        "markdown-messages",
        "media-caption",
        "session-state",
        "note-to-self",
        "recording-consent",
        "sip-support-dialout",
        "delete-messages-unlimited",
        "edit-messages",
        "silent-send-state",
        "chat-read-last",
        "federation-v1",
        "federation-v2",
        "ban-v1",
        "chat-reference-id",
        "mention-permissions",
        "edit-messages-note-to-self",
        "archived-conversations-v2",
        "talk-polls-drafts",
        "download-call-participants",
        "email-csv-import",
        "conversation-creation-password",
        "call-notification-state-api",
        "schedule-meeting",
        "edit-draft-poll",
        "conversation-creation-all",
        "important-conversations",
        "reactions",
        "call-end-to-end-encryption"
      ],
      "features-local": [
        "favorites",
        "chat-read-status",
        "listable-rooms",
        "phonebook-search",
        "temp-user-avatar-api",
        "unified-search",
        "avatar",
        "remind-me-later",
        "note-to-self",
        "archived-conversations-v2",
        "chat-summary-api",
        "call-notification-state-api",
        "schedule-meeting",
        "important-conversations"
      ],
      "config": {
        "attachments": {
          "allowed": true,
          "folder": "/Talk"
        },
        "call": {
          "enabled": true,
          "breakout-rooms": true,
          "recording": false,
          "recording-consent": 0,
          "supported-reactions": [
            "❤️",
            "🎉",
            "👏",
            "👋",
            "👍",
            "👎",
            "🔥",
            "😂",
            "🤩",
            "🤔",
            "😲",
            "😥"
          ],
          "can-upload-background": true,
          "sip-enabled": false,
          "sip-dialout-enabled": false,
          "can-enable-sip": true,
          "start-without-media": false,
          "max-duration": 0,
          "blur-virtual-background": false,
          "end-to-end-encryption": false,
          "predefined-backgrounds": [
            "1_office.jpg",
            "2_home.jpg",
            "3_abstract.jpg",
            "4_beach.jpg",
            "5_park.jpg",
            "6_theater.jpg",
            "7_library.jpg",
            "8_space_station.jpg"
          ]
        },
        "chat": {
          "max-length": 32000,
          "read-privacy": 0,
          "has-translation-providers": false,
          "has-translation-task-providers": false,
          "typing-privacy": 0,
          "summary-threshold": 100
        },
        "conversations": {
          "can-create": true,
          "force-passwords": false,
          "list-style": "two-lines",
          "description-length": 2000
        },
        "federation": {
          "enabled": false,
          "incoming-enabled": false,
          "outgoing-enabled": false,
          "only-trusted-servers": true
        },
        "previews": {
          "max-gif-size": 3145728
        },
        "signaling": {
          "session-ping-limit": 200,
          "hello-v2-token-key": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEFYI+nJWbccpfCuzEWRtEOOS6JEkp\nvEBg7xtQW5JX+Vv32IPbIXxmC7haKI8ActtptFQc2ljOLKwtsG7D2ei4iw==\n-----END PUBLIC KEY-----\n"
        }
      },
      "config-local": {
        "attachments": [
          "allowed",
          "folder"
        ],
        "call": [
          "predefined-backgrounds",
          "can-upload-background",
          "start-without-media",
          "blur-virtual-background"
        ],
        "chat": [
          "read-privacy",
          "has-translation-providers",
          "has-translation-task-providers",
          "typing-privacy",
          "summary-threshold"
        ],
        "conversations": [
          "can-create",
          "list-style",
          "description-length"
        ],
        "federation": [
          "enabled",
          "incoming-enabled",
          "outgoing-enabled",
          "only-trusted-servers"
        ],
        "previews": [
          "max-gif-size"
        ],
        "signaling": [
          "session-ping-limit",
          "hello-v2-token-key"
        ]
      },
      "version": "22.0.0"
    },
    "systemtags": {
      "enabled": true
    },
    "theming": {
      "name": "Nextcloud",
      "productName": "Nextcloud",
      "url": "https://nextcloud.com",
      "slogan": "a safe home for all your data",
      "color": "#00679e",
      "color-text": "#ffffff",
      "color-element": "#00679e",
      "color-element-bright": "#00679e",
      "color-element-dark": "#00679e",
      "logo": `${base}/core/img/logo/logo.svg?v=0`,
      "background": `${base}/apps/theming/img/background/jo-myoung-hee-fluid.webp`,
      "background-text": "#ffffff",
      "background-plain": false,
      "background-default": true,
      "logoheader": `${base}/core/img/logo/logo.svg?v=0`,
      "favicon": `${base}/core/img/logo/logo.svg?v=0`
    },
    "user_status": {
      "enabled": true,
      "restore": true,
      "supports_emoji": true,
      "supports_busy": true
    },
    "weather_status": {
      "enabled": true
    }
  }
};
}
