import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { localStorageOrMemory } from '../../../lib/browser-storage';

/** What this browser chose on the pre-join screen (client state: devices belong to the device, not the account). */
export interface DeviceChoices {
  /** '' = the browser's default device. */
  cameraId: string;
  microphoneId: string;
  /** null until the user chose: then students on phones start with the camera off, everyone else with it on. */
  cameraOff: boolean | null;
  dataSaver: boolean;
}

interface DeviceChoicesState extends DeviceChoices {
  choose: (change: Partial<DeviceChoices>) => void;
}

export const INITIAL_DEVICE_CHOICES: DeviceChoices = { cameraId: '', microphoneId: '', cameraOff: null, dataSaver: false };

export const useDeviceChoices = create<DeviceChoicesState>()(
  persist(
    (set) => ({
      ...INITIAL_DEVICE_CHOICES,
      choose: (change) => {
        set(change);
      },
    }),
    {
      name: 'klassenraum.lesson-devices',
      version: 1,
      storage: createJSONStorage(() => localStorageOrMemory()),
      partialize: ({ cameraId, microphoneId, cameraOff, dataSaver }) => ({ cameraId, microphoneId, cameraOff, dataSaver }),
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Record<string, unknown>;
        return {
          ...current,
          cameraId: typeof p['cameraId'] === 'string' ? p['cameraId'] : current.cameraId,
          microphoneId: typeof p['microphoneId'] === 'string' ? p['microphoneId'] : current.microphoneId,
          cameraOff: typeof p['cameraOff'] === 'boolean' ? p['cameraOff'] : current.cameraOff,
          dataSaver: typeof p['dataSaver'] === 'boolean' ? p['dataSaver'] : current.dataSaver,
        };
      },
    },
  ),
);
